package io.fosfleet.alert.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.ReceiverSpec.Syslog;
import io.fosfleet.alert.support.StrictSyslog;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.PairConfig.FailoverPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A notification tells each alert's status after all of the group's events, on every channel. */
class GroupTruthTest {

    private static final Instant T = Instant.parse("2026-11-27T03:00:00Z");
    private static final Placement MANUAL = new Placement("pbx-a", "fra1", "r7", false, FailoverPolicy.MANUAL, false);
    private static final Placement AUTO = new Placement("pbx-a", "fra1", "r7", false, FailoverPolicy.AUTO, false);
    private final SyslogSender sender = new SyslogSender("alert-host");

    @Test
    void aFailoverWhosePrimaryCameBackInTheSameGroupGoesOutResolved() {
        Notification n = notification(List.of(device(DeviceEvent.Type.FAILOVER, 42, 0, MANUAL),
                heartbeat(HeartbeatEvent.Type.PRIMARY_UP, 1, MANUAL), device(DeviceEvent.Type.REARMED, 40, 2, MANUAL)));

        assertThat(n.resolved()).isTrue();
        assertThat(n.alerts()).extracting(a -> a.alertName() + ":" + a.status())
                .containsExactly("Failover:RESOLVED", "PrimaryDown:RESOLVED");
        var line = StrictSyslog.rfc3164(sender.format(syslog(Syslog.Format.RFC3164), n, T)).msg();
        assertThat(line).doesNotContain("firing")
                .endsWith("alert=Failover status=resolved alerts=Failover/fos-7:resolved,PrimaryDown/fos-7:resolved)");
        var rfc3164 = StrictSyslog.rfc3164(sender.format(syslog(Syslog.Format.RFC3164), n, T));
        assertThat(rfc3164.severity()).isEqualTo(5);
        assertThat(StrictSyslog.rfc5424(sender.format(syslog(Syslog.Format.RFC5424), n, T)).structuredData())
                .contains("status=\"resolved\"");
        assertThat(Texts.subject(n)).startsWith("[RESOLVED] 2 alerts, Watchdog re-armed after failover - pair pbx-a");
        assertThat(Texts.body(n)).contains("RESOLVED Failover, device fos-7", "RESOLVED PrimaryDown, device fos-7",
                "Alert:  Failover, now RESOLVED").doesNotContain("FIRING");
    }

    @Test
    void driftThatWasAppliedInTheSameGroupIsNotReportedFiring() {
        Notification n = notification(List.of(device(DeviceEvent.Type.DRIFT_DETECTED, null, 0, MANUAL),
                device(DeviceEvent.Type.CONFIG_APPLIED, null, 1, MANUAL)));
        assertThat(n.resolved()).isTrue();
        assertThat(Texts.line(n)).startsWith("[RESOLVED] Desired configuration applied")
                .contains("alert=ConfigDrift status=resolved");
        assertThat(Texts.subject(n)).startsWith("[RESOLVED] Desired configuration applied - fos-7");
    }

    @Test
    void aFiringAlertLeadsAndEveryAlertShowsItsOwnStatus() {
        Notification n = notification(List.of(heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN, 0, AUTO),
                device(DeviceEvent.Type.FAILOVER, 42, 1, AUTO), heartbeat(HeartbeatEvent.Type.PRIMARY_UP, 2, AUTO)));
        assertThat(n.resolved()).isFalse();
        assertThat(Texts.line(n)).startsWith("berofos:42: Wdog swithed: Failover (timeout)")
                .endsWith("alert=Failover status=firing alerts=PrimaryDown/fos-7:resolved,Failover/fos-7:firing)");
        assertThat(Texts.subject(n)).isEqualTo("[CRITICAL] 2 alerts, Failover: lines switched to the secondary - pair pbx-a");
        assertThat(Texts.body(n)).contains("Check:  the primary PBX and the kicker (heartbeat-service); policy auto:"
                + " the pair returns to the primary by itself when the primary is healthy");

        JsonNode payload = json(WebhookSender.payload(n, T));
        assertThat(payload.path("status").asText()).isEqualTo("firing");
        assertThat(payload.path("alerts")).hasSize(2);
        assertThat(payload.path("alerts").get(0).path("status").asText()).isEqualTo("resolved");
        assertThat(payload.path("alerts").get(0).path("labels").path("alertname").asText()).isEqualTo("PrimaryDown");
        assertThat(payload.path("alerts").get(0).path("endsAt").asText()).isEqualTo(T.plusSeconds(2).toString());
        assertThat(payload.path("alerts").get(0).path("events")).hasSize(2);
        assertThat(payload.path("alerts").get(1).path("status").asText()).isEqualTo("firing");
        assertThat(payload.path("alerts").get(1).has("endsAt")).isFalse();
    }

    @Test
    void aWebhookForAGroupThatEndedResolvedSaysResolvedForEveryAlert() {
        Notification n = notification(List.of(device(DeviceEvent.Type.FAILOVER, 42, 0, MANUAL),
                device(DeviceEvent.Type.REARMED, 40, 1, MANUAL)));
        JsonNode payload = json(WebhookSender.payload(n, T));
        assertThat(payload.path("status").asText()).isEqualTo("resolved");
        assertThat(payload.path("alerts")).hasSize(1);
        assertThat(payload.path("alerts").get(0).path("status").asText()).isEqualTo("resolved");
        assertThat(payload.path("alerts").get(0).path("labels").path("status").asText()).isEqualTo("resolved");
        assertThat(payload.path("alerts").get(0).path("startsAt").asText()).isEqualTo(T.toString());
    }

    @Test
    void theAdviceOfAnUnreachableDeviceSaysItsStateIsTheLastKnown() {
        AlertEvent failover = device(DeviceEvent.Type.FAILOVER, 42, 0, MANUAL);
        Notification n = new Notification(UUID.randomUUID(), receiver(), "0/log/{pair=pbx-a}", Map.of("pair", "pbx-a"),
                List.of(failover), Set.of(DeviceId.of("fos-7")));
        assertThat(n.alerts().get(0).check()).startsWith("the device does not answer, so this is its last known state");
    }

    private static AlertEvent device(DeviceEvent.Type type, Integer code, int second, Placement p) {
        return AlertEvent.of(DeviceEvent.create(type, DeviceId.of("fos-7"), T.plusSeconds(second), "device-gateway", code,
                Map.of(), type.name().toLowerCase()), p);
    }

    private static AlertEvent heartbeat(HeartbeatEvent.Type type, int second, Placement p) {
        return AlertEvent.of(HeartbeatEvent.create(type, DeviceId.of("fos-7"), "pbx-a", T.plusSeconds(second),
                "heartbeat-service", type.name().toLowerCase(), Map.of()), p);
    }

    private static JsonNode json(Object payload) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(EventJson.toJson(payload));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ReceiverSpec receiver() {
        return new ReceiverSpec("log", Optional.empty(), Optional.empty());
    }

    private static Notification notification(List<AlertEvent> events) {
        return new Notification(UUID.randomUUID(), receiver(), "0/log/{pair=pbx-a}", Map.of("pair", "pbx-a"), events);
    }

    private static Syslog syslog(Syslog.Format format) {
        return new Syslog("127.0.0.1", 514, Syslog.Transport.UDP, format, 16, Optional.empty(), "fosfleet");
    }
}
