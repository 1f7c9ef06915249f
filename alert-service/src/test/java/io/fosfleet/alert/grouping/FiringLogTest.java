package io.fosfleet.alert.grouping;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FiringLogTest {

    private static final Instant T0 = Instant.parse("2026-11-27T19:00:00Z");

    @Test
    void aResolutionWithoutAFiringBeforeIsNotAdmitted() {
        FiringLog log = new FiringLog();
        assertThat(log.admit("hook", hb(HeartbeatEvent.Type.WDOG_OK, 0))).isFalse();
        assertThat(log.admit("hook", hb(HeartbeatEvent.Type.RUNNING, 0))).isTrue();  // no resolution: goes out
        assertThat(log.admit("hook", dev(DeviceEvent.Type.REACHABLE, 1))).isFalse();
        assertThat(log.firing("hook", "DeviceUnreachable/fos-1")).isFalse();
    }

    @Test
    void aFiringThenItsResolutionAreBothAdmittedPerReceiver() {
        FiringLog log = new FiringLog();
        assertThat(log.admit("hook", dev(DeviceEvent.Type.UNREACHABLE, 0))).isTrue();
        assertThat(log.admit("hook", dev(DeviceEvent.Type.REACHABLE, 1))).isTrue();
        assertThat(log.admit("hook", dev(DeviceEvent.Type.REACHABLE, 2))).isFalse();   // resolved already
        // another receiver never heard it firing
        assertThat(log.admit("mail", dev(DeviceEvent.Type.REACHABLE, 3))).isFalse();
    }

    @Test
    void afterARestartTheStateIsRebuiltFromThePersistedRecords() {
        FiringLog before = new FiringLog();
        AlertEvent down = hb(HeartbeatEvent.Type.PRIMARY_DOWN, 0);
        AlertEvent unreachable = dev(DeviceEvent.Type.UNREACHABLE, 1);
        AlertEvent reachable = dev(DeviceEvent.Type.REACHABLE, 2);
        before.admit("hook", down);
        before.admit("hook", unreachable);
        before.admit("hook", reachable);
        // what Delivery writes to the compacted topic once the notifications went out, in delivery order
        List<byte[]> topic = new java.util.ArrayList<>();
        before.notified("hook", List.of(down)).forEach(e -> topic.add(EventJson.toBytes(e)));
        before.notified("hook", List.of(reachable)).forEach(e -> topic.add(EventJson.toBytes(e)));
        before.notified("hook", List.of(unreachable)).forEach(e -> topic.add(EventJson.toBytes(e)));  // superseded
        assertThat(topic).hasSize(2);

        FiringLog after = new FiringLog();
        topic.forEach(after::apply);
        assertThat(after.admit("hook", hb(HeartbeatEvent.Type.PRIMARY_UP, 3))).isTrue();
        assertThat(after.admit("hook", dev(DeviceEvent.Type.REACHABLE, 4))).isFalse();
    }

    @Test
    void anOlderRecordReadBackLateDoesNotUndoANewerState() {
        FiringLog log = new FiringLog();
        AlertEvent down = hb(HeartbeatEvent.Type.PRIMARY_DOWN, 0);
        log.admit("hook", down);
        FiringLog.Entry firingRecord = log.notified("hook", List.of(down)).get(0);
        log.admit("hook", hb(HeartbeatEvent.Type.PRIMARY_UP, 5));
        log.merge(firingRecord);  // our own record, or another replica's, arriving late
        assertThat(log.firing("hook", "PrimaryDown/fos-1")).isFalse();
        log.merge(new FiringLog.Entry("hook", "PrimaryDown/fos-1", true, java.util.UUID.randomUUID(), T0.plusSeconds(9)));
        assertThat(log.firing("hook", "PrimaryDown/fos-1")).isTrue();
    }

    @Test
    void flappingNoticesOfTwoAlertsOfOneDeviceAreTwoConditions() {
        FiringLog log = new FiringLog();
        AlertEvent down = hb(HeartbeatEvent.Type.PRIMARY_DOWN, 0);
        AlertEvent failover = dev(DeviceEvent.Type.FAILOVER, 0);
        log.admit("hook", down.as(io.fosfleet.alert.event.Condition.FLAPPING, down.id(), "flapping"));
        assertThat(log.admit("hook", failover.as(io.fosfleet.alert.event.Condition.STABLE, failover.id(), "stable")))
                .isFalse();
        assertThat(log.admit("hook", down.as(io.fosfleet.alert.event.Condition.STABLE, down.id(), "stable")))
                .isTrue();
    }

    static AlertEvent hb(HeartbeatEvent.Type type, int second) {
        return AlertEvent.of(HeartbeatEvent.create(type, DeviceId.of("fos-1"), "pbx-a", T0.plusSeconds(second),
                "heartbeat-service", type.name(), Map.of()), AlertEvent.Placement.UNKNOWN);
    }

    static AlertEvent dev(DeviceEvent.Type type, int second) {
        return AlertEvent.of(DeviceEvent.create(type, DeviceId.of("fos-1"), T0.plusSeconds(second), "device-gateway",
                null, Map.of(), type.name()), AlertEvent.Placement.UNKNOWN);
    }
}
