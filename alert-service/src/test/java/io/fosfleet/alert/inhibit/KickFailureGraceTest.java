package io.fosfleet.alert.inhibit;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KickFailureGraceTest {

    private static final Instant T = Instant.parse("2026-11-27T03:00:00Z");
    private final KickFailureGrace<String> grace = new KickFailureGrace<>(Duration.ofSeconds(40));

    @Test
    void aKickFailureWaitsForTheDevicesUnreachabilityWhichLetsItGoToBeInhibited() {
        AlertEvent failed = heartbeat(HeartbeatEvent.Type.WDOG_FAILED);
        assertThat(grace.hold(failed, false, "r1", T)).isTrue();
        assertThat(grace.due(T.plusSeconds(20))).isEmpty();
        var outcome = grace.settle(device(DeviceEvent.Type.UNREACHABLE)).orElseThrow();
        assertThat(outcome.dropped()).isFalse();
        assertThat(outcome.held().events()).containsExactly(failed);
        assertThat(outcome.held().attachments()).containsExactly("r1");
        assertThat(grace.due(T.plusSeconds(60))).isEmpty();
    }

    @Test
    void kicksAnsweredAgainWithinTheGraceDropTheFailure() {
        grace.hold(heartbeat(HeartbeatEvent.Type.WDOG_FAILED), false, "r1", T);
        var outcome = grace.settle(heartbeat(HeartbeatEvent.Type.WDOG_OK)).orElseThrow();
        assertThat(outcome.dropped()).isTrue();
        assertThat(grace.due(T.plusSeconds(60))).isEmpty();
    }

    @Test
    void withoutUnreachabilityTheFailureGoesOutWhenTheGraceRunsOutWithItsRepeats() {
        AlertEvent first = heartbeat(HeartbeatEvent.Type.WDOG_FAILED);
        AlertEvent repeat = heartbeat(HeartbeatEvent.Type.WDOG_FAILED);
        grace.hold(first, false, "r1", T);
        grace.hold(repeat, false, "r2", T.plusSeconds(5));
        assertThat(grace.due(T.plusSeconds(39))).isEmpty();
        List<KickFailureGrace.Held<String>> due = grace.due(T.plusSeconds(40));
        assertThat(due).hasSize(1);
        assertThat(due.get(0).events()).containsExactly(first, repeat);
    }

    @Test
    void onlyKickFailuresOfReachableDevicesAreHeldAndAZeroGraceHoldsNothing() {
        assertThat(grace.hold(heartbeat(HeartbeatEvent.Type.WDOG_FAILED), true, "r1", T)).isFalse();
        assertThat(grace.hold(heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN), false, "r1", T)).isFalse();
        assertThat(grace.hold(device(DeviceEvent.Type.UNREACHABLE), false, "r1", T)).isFalse();
        assertThat(new KickFailureGrace<String>(Duration.ZERO).hold(heartbeat(HeartbeatEvent.Type.WDOG_FAILED), false,
                "r1", T)).isFalse();
        assertThat(grace.settle(device(DeviceEvent.Type.UNREACHABLE))).isEmpty();
    }

    private static AlertEvent device(DeviceEvent.Type type) {
        return AlertEvent.of(DeviceEvent.create(type, DeviceId.of("fos-7"), T, "device-gateway", null, Map.of(),
                type.name()), new Placement("pbx-a", "fra1", "r7", false));
    }

    private static AlertEvent heartbeat(HeartbeatEvent.Type type) {
        return AlertEvent.of(HeartbeatEvent.create(type, DeviceId.of("fos-7"), "pbx-a", T, "heartbeat-service",
                type.name(), Map.of()), new Placement("pbx-a", "fra1", "r7", false));
    }
}
