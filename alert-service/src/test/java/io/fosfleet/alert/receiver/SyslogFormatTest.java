package io.fosfleet.alert.receiver;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.ReceiverSpec.Syslog;
import io.fosfleet.alert.support.StrictSyslog;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Limits;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SyslogFormatTest {

    private static final Instant NOW = Instant.parse("2026-11-27T19:04:05.123Z");
    private static final Placement FRA = new Placement("pbx-a", "fra1", "r7", false);
    private final SyslogSender sender = new SyslogSender("alert-host");

    @Test
    void aFailoverKeepsTheDeviceTextInBothFormats() {
        Notification n = notification(AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.FAILOVER, DeviceId.of("fos-7"),
                NOW, "device-gateway", 42, Map.of(), "watchdog ran out"), FRA));

        var rfc3164 = StrictSyslog.rfc3164(sender.format(syslog(Syslog.Format.RFC3164), n, NOW));
        assertThat(rfc3164.facility()).isEqualTo(16);
        assertThat(rfc3164.severity()).isEqualTo(2);
        assertThat(rfc3164.appName()).isEqualTo("berofos");
        assertThat(rfc3164.msg()).isEqualTo("berofos:42: Wdog swithed: Failover (timeout) (device=fos-7 pair=pbx-a"
                + " site=fra1 alert=Failover status=firing)");

        String text = sender.format(syslog(Syslog.Format.RFC5424), n, NOW);
        assertThat(text).startsWith("<130>1 2026-11-27T19:04:05.123Z alert-host fosfleet - Failover [fosfleet@32473");
        assertThat(StrictSyslog.rfc5424(text).msg()).startsWith("berofos:42: Wdog swithed: Failover (timeout)");
    }

    @Test
    void otherAlertsCarryTheAppNameAndAResolutionIsANotice() {
        AlertEvent up = AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_UP, DeviceId.of("fos-7"),
                "pbx-a", NOW, "heartbeat-service", "primary \"pbx-1\" healthy — 3 probes", Map.of()), FRA);
        var rfc3164 = StrictSyslog.rfc3164(sender.format(syslog(Syslog.Format.RFC3164), notification(up), NOW));
        assertThat(rfc3164.severity()).isEqualTo(5);
        assertThat(rfc3164.msg()).startsWith("fosfleet: [RESOLVED] Primary PBX back: primary \"pbx-1\" healthy - 3 probes");
        var rfc5424 = StrictSyslog.rfc5424(sender.format(syslog(Syslog.Format.RFC5424), notification(up), NOW));
        assertThat(rfc5424.structuredData()).contains("status=\"resolved\"");
    }

    @Test
    void anRfc3164MessageNeverExceeds1024Bytes() {
        List<AlertEvent> many = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            many.add(AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, DeviceId.of("fos-7"), "pbx-a",
                    NOW, "heartbeat-service", "x".repeat(Limits.LINE), Map.of()), FRA));
        }
        String text = sender.format(syslog(Syslog.Format.RFC3164), notification(many.toArray(AlertEvent[]::new)), NOW);
        assertThat(text).hasSize(1024);
        StrictSyslog.rfc3164(text);
    }

    @Test
    void theLongestEventARecordAllowsMakesAWholeRfc5424Message() {
        // events refuse a message over Limits.LINE characters; three bytes each in UTF-8 still fit the 8192-byte cap
        AlertEvent longest = AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, DeviceId.of("fos-7"),
                "pbx-a", NOW, "heartbeat-service", "\u20ac".repeat(Limits.LINE), Map.of()), FRA);
        String text = sender.format(syslog(Syslog.Format.RFC5424), notification(longest), NOW);
        assertThat(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(SyslogSender.RFC5424_MAX);
        assertThat(StrictSyslog.rfc5424(text).msg()).startsWith("[CRITICAL] Primary PBX down: \u20ac\u20ac")
                .contains("\u20ac".repeat(Limits.LINE));
    }

    @Test
    void anOverlongRfc5424MessageIsCutAtItsLimitWithoutSplittingACharacter() {
        String cut = SyslogSender.utf8Prefix("a" + "\u00e4".repeat(100_000), SyslogSender.RFC5424_MAX);
        // one ASCII byte, then two-byte characters: 8192 bytes hold the 'a' and 4095 of them, one byte stays free
        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(SyslogSender.RFC5424_MAX - 1);
        assertThat(cut).isEqualTo("a" + "\u00e4".repeat(4095));
    }

    private static Syslog syslog(Syslog.Format format) {
        return new Syslog("127.0.0.1", 514, Syslog.Transport.UDP, format, 16, Optional.empty(), "fosfleet");
    }

    private static Notification notification(AlertEvent... events) {
        return new Notification(UUID.randomUUID(), new ReceiverSpec("log", Optional.empty(), Optional.empty()),
                "0/log/{pair=pbx-a}", Map.of("pair", "pbx-a"), List.of(events));
    }
}
