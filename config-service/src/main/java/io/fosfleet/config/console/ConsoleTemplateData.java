package io.fosfleet.config.console;

import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.device.DeviceView;
import io.fosfleet.config.history.LiveEvent;
import io.fosfleet.config.node.NodeView;
import io.fosfleet.config.pair.HaCheck;
import io.fosfleet.config.pair.PairView;
import io.fosfleet.events.Probe;
import io.quarkus.qute.TemplateData;

/** The API's records the console's templates read, so Qute resolves their fields without reflection. */
@TemplateData(target = PairView.class)
@TemplateData(target = DeviceView.class)
@TemplateData(target = NodeView.class)
@TemplateData(target = LiveEvent.class)
@TemplateData(target = AuditLog.Entry.class)
@TemplateData(target = HaCheck.class)
@TemplateData(target = Probe.class)
@TemplateData(target = ConsoleRow.class)
@TemplateData(target = ConsolePages.Setting.class)
@TemplateData(target = ConsoleSupport.User.class)
@TemplateData(target = ConsoleFleet.Summary.class)
final class ConsoleTemplateData {

    private ConsoleTemplateData() {
    }
}
