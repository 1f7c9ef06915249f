package io.fosfleet.alert.event;

import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.PairConfig.FailoverPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdviceTest {

    private static final Instant T = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void anAutoPairsFailoverReturnsByItself() {
        String check = Advice.check(failover(place(FailoverPolicy.AUTO, false)), false);
        assertThat(check).contains("policy auto: the pair returns to the primary by itself when the primary is healthy")
                .doesNotContain("re-arm");
    }

    @Test
    void aManualPairsFailoverNamesTheExactSteps() {
        String check = Advice.check(failover(place(FailoverPolicy.MANUAL, false)), false);
        assertThat(check).contains("policy manual", "POST /api/devices/fos-7/commands {\"type\":\"WATCHDOG_REARM\"",
                "{\"type\":\"SWITCH_RELAY\",\"parameters\":{\"mode\":\"1\"}", "\"Re-arm watchdog\"");
    }

    @Test
    void theAdviceWhenThePrimaryIsBackFollowsThePolicy() {
        assertThat(Advice.check(primaryUp(place(FailoverPolicy.AUTO, false)), false))
                .startsWith("nothing: policy auto returns the pair to the primary by itself");
        assertThat(Advice.check(primaryUp(place(FailoverPolicy.MANUAL, false)), false))
                .startsWith("policy manual: if the pair failed over, its lines stay on the secondary until you re-arm");
    }

    @Test
    void inMaintenanceTheFailoverIsOnPurpose() {
        assertThat(Advice.check(failover(place(FailoverPolicy.MANUAL, true)), false))
                .startsWith("nothing: pair pbx-a is in maintenance, failed over on purpose");
        assertThat(Advice.check(primaryUp(place(FailoverPolicy.AUTO, true)), false))
                .startsWith("nothing while pair pbx-a is in maintenance");
    }

    @Test
    void anUnreachableDeviceIsCheckedFirst() {
        assertThat(Advice.check(failover(place(FailoverPolicy.AUTO, false)), true))
                .startsWith("the device does not answer, so this is its last known state: check its network path and"
                        + " power first; then the primary PBX");
    }

    @Test
    void aDesiredValueTheDeviceDidNotTakeIsNotCalledAChangeByHand() {
        Placement p = place(FailoverPolicy.AUTO, false);
        String failed = Advice.check(drift(p, Map.of("reason", "APPLY_FAILED", "error", "HTTP 500")), false);
        assertThat(failed).startsWith("why the device refused the new desired value").doesNotContain("by hand");
        assertThat(Advice.check(drift(p, Map.of("hostname.desired", "a", "hostname.actual", "b")), false))
                .contains("who changed the device by hand");
    }

    private static AlertEvent drift(Placement p, Map<String, String> details) {
        return AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.DRIFT_DETECTED, DeviceId.of("fos-7"), T,
                "device-gateway", null, details, "drift"), p);
    }

    private static Placement place(FailoverPolicy policy, boolean maintenance) {
        return new Placement("pbx-a", "fra1", "r7", maintenance, policy, false);
    }

    private static AlertEvent failover(Placement p) {
        return AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.FAILOVER, DeviceId.of("fos-7"), T, "device-gateway", 42,
                Map.of(), "watchdog ran out"), p);
    }

    private static AlertEvent primaryUp(Placement p) {
        return AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_UP, DeviceId.of("fos-7"), "pbx-a", T,
                "heartbeat-service", "healthy", Map.of()), p);
    }
}
