package io.fosfleet.alert.event;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.PairConfig;
import io.fosfleet.protocol.syslog.SyslogCode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A device or heartbeat event as alert-service sees it: the condition it reports and the labels routing, grouping
 * and silences match on ({@code alertname type severity status device pair site rack}).
 *
 * @param id         the id of the event behind it, the key of de-duplication
 * @param syslogCode the device's own syslog code when the event matches a device message, else null
 */
public record AlertEvent(UUID id, Condition condition, DeviceId deviceId, Placement placement, Instant occurredAt,
                         Integer syslogCode, String message, Map<String, String> details) {

    /** The detail a flapping notice names the flapping alert with. */
    public static final String FLAPPING_OF = "flapping_alertname";

    public AlertEvent {
        details = Map.copyOf(details);
    }

    public static AlertEvent of(DeviceEvent e, Placement placement) {
        return new AlertEvent(e.id(), Condition.of(e.type()), e.deviceId(), placement, e.occurredAt(), e.syslogCode(),
                e.message(), e.details());
    }

    public static AlertEvent of(HeartbeatEvent e, Placement placement) {
        // The heartbeat names the pair itself; it wins over a possibly older inventory.
        Placement p = new Placement(e.pairId(), placement.site(), placement.rack(), placement.maintenance(),
                placement.policy(), placement.fastFailover());
        return new AlertEvent(e.id(), Condition.of(e.type()), e.deviceId(), p, e.occurredAt(), null, e.message(),
                e.details());
    }

    /**
     * A notice alert-service makes itself (flapping, stable) about this event's device.
     *
     * @param noticeId the id the notice is de-duplicated under
     */
    public AlertEvent as(Condition notice, UUID noticeId, String text) {
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put(FLAPPING_OF, condition.alertName());
        return new AlertEvent(noticeId, notice, deviceId, placement, occurredAt, null, text, d);
    }

    /**
     * The condition this event fires or resolves: its alert name on its device. For the flapping notices it is the
     * alert that flaps ({@code Flapping:PrimaryDown/fos-7}), so two conditions of one device flap independently.
     */
    public String conditionKey() {
        String name = condition.alertName();
        if (condition == Condition.FLAPPING || condition == Condition.STABLE) {
            name = name + ":" + details.getOrDefault(FLAPPING_OF, "");
        }
        return name + "/" + deviceId.value();
    }

    /** The labels to match on; absent ones (no pair, no site) are empty, as in Alertmanager. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", condition.alertName());
        labels.put("type", condition.typeName());
        labels.put("severity", condition.severity().name().toLowerCase(java.util.Locale.ROOT));
        labels.put("status", condition.status().name().toLowerCase(java.util.Locale.ROOT));
        labels.put("device", deviceId.value());
        labels.put("pair", placement.pairId() == null ? "" : placement.pairId());
        labels.put("site", placement.site() == null ? "" : placement.site());
        labels.put("rack", placement.rack() == null ? "" : placement.rack());
        return labels;
    }

    /** The device's own message, {@code berofos:NN: text}, when this event matches one. */
    public Optional<String> deviceMessage() {
        return syslogCode == null ? Optional.empty() : SyslogCode.byCode(syslogCode).map(SyslogCode::message);
    }

    /**
     * Where a device sits: its pair, site and rack labels, whether its pair is in maintenance, and the pair's
     * failover policy (null when the device serves no pair, or the pair is not known yet) and fast-failover option.
     */
    public record Placement(String pairId, String site, String rack, boolean maintenance,
                            PairConfig.FailoverPolicy policy, boolean fastFailover) {
        public static final Placement UNKNOWN = new Placement(null, null, null, false, null, false);

        /** A placement without pair settings (a device alone, or one whose pair is not known yet). */
        public Placement(String pairId, String site, String rack, boolean maintenance) {
            this(pairId, site, rack, maintenance, null, false);
        }
    }
}
