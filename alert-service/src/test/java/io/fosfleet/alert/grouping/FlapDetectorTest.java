package io.fosfleet.alert.grouping;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.HeartbeatEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.fosfleet.alert.grouping.FiringLogTest.dev;
import static io.fosfleet.alert.grouping.FiringLogTest.hb;
import static org.assertj.core.api.Assertions.assertThat;

/** With the defaults of AlertServiceConfig.Flapping: 5 transitions of one condition within 10 minutes. */
class FlapDetectorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T19:30:00Z");

    private final FlapDetector detector = new FlapDetector(5, Duration.ofMinutes(10), Duration.ofMinutes(10));

    /** PRIMARY_DOWN, FAILOVER, RELAY_CHANGED, PRIMARY_UP, REARMED, RELAY_CHANGED, starting at second {@code at}. */
    private List<FlapDetector.Verdict> failAndRestore(int at) {
        List<AlertEvent> cycle = List.of(hb(HeartbeatEvent.Type.PRIMARY_DOWN, at), dev(DeviceEvent.Type.FAILOVER, at + 5),
                dev(DeviceEvent.Type.RELAY_CHANGED, at + 5), hb(HeartbeatEvent.Type.PRIMARY_UP, at + 60),
                dev(DeviceEvent.Type.REARMED, at + 65), dev(DeviceEvent.Type.RELAY_CHANGED, at + 65));
        List<FlapDetector.Verdict> verdicts = new ArrayList<>();
        cycle.forEach(e -> verdicts.add(detector.observe(e, NOW)));
        return verdicts;
    }

    @Test
    void oneFailAndRestoreCycleIsNotFlapping() {
        assertThat(failAndRestore(0)).containsOnly(FlapDetector.Verdict.PASS);
    }

    @Test
    void twoCyclesWithinTheWindowAreNotFlappingEither() {
        assertThat(failAndRestore(0)).containsOnly(FlapDetector.Verdict.PASS);
        assertThat(failAndRestore(120)).containsOnly(FlapDetector.Verdict.PASS);
    }

    @Test
    void repeatsOfTheSameStatusAreNoTransitions() {
        for (int i = 0; i < 20; i++) {
            assertThat(detector.observe(hb(HeartbeatEvent.Type.WDOG_FAILED, i), NOW)).isEqualTo(FlapDetector.Verdict.PASS);
            assertThat(detector.observe(dev(DeviceEvent.Type.REACHABLE, i), NOW)).isEqualTo(FlapDetector.Verdict.PASS);
        }
    }

    @Test
    void aPrimaryGoingDownForTheThirdTimeWithinTheWindowIsFlapping() {
        List<FlapDetector.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            verdicts.add(detector.observe(hb(HeartbeatEvent.Type.PRIMARY_DOWN, i * 60), NOW));
            // other alerts of the same device neither count towards nor are held back by PrimaryDown flapping
            verdicts.add(detector.observe(dev(DeviceEvent.Type.RELAY_CHANGED, i * 60 + 1), NOW));
            verdicts.add(detector.observe(hb(HeartbeatEvent.Type.PRIMARY_UP, i * 60 + 30), NOW));
        }
        assertThat(verdicts).containsExactly(
                FlapDetector.Verdict.PASS, FlapDetector.Verdict.PASS, FlapDetector.Verdict.PASS,
                FlapDetector.Verdict.PASS, FlapDetector.Verdict.PASS, FlapDetector.Verdict.PASS,
                FlapDetector.Verdict.START, FlapDetector.Verdict.PASS, FlapDetector.Verdict.HOLD);
        assertThat(detector.observe(dev(DeviceEvent.Type.FAILOVER, 200), NOW)).isEqualTo(FlapDetector.Verdict.PASS);

        assertThat(detector.stabilised(NOW.plus(Duration.ofMinutes(9)))).isEmpty();
        List<AlertEvent> stable = detector.stabilised(NOW.plus(Duration.ofMinutes(10)));
        assertThat(stable).hasSize(1);
        assertThat(stable.get(0).conditionKey()).isEqualTo("Flapping:PrimaryDown/fos-1");
    }

    @Test
    void transitionsOutsideTheWindowDoNotCount() {
        for (int i = 0; i < 10; i++) {
            assertThat(detector.observe(hb(i % 2 == 0 ? HeartbeatEvent.Type.PRIMARY_DOWN : HeartbeatEvent.Type.PRIMARY_UP,
                    i * 200), NOW)).isEqualTo(FlapDetector.Verdict.PASS);
        }
    }
}
