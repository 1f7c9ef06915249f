package io.fosfleet.heartbeat.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.events.PairConfig.ProbeCombination;
import io.fosfleet.events.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeStateTest {

    private static final CheckResult OK = CheckResult.ok("accepted");
    private static final CheckResult FAILED = CheckResult.failed("connection refused");

    private static ProbeState probe(int failureThreshold, int successThreshold) {
        return new ProbeState(new Probe(Probe.Type.TCP, "10.0.0.1", 5060, null, null, Duration.ofSeconds(1),
                Duration.ofMillis(500), failureThreshold, successThreshold));
    }

    @Test
    void aProbeThatNeverAnsweredIsUpAfterItsFirstSuccess() {
        ProbeState p = probe(3, 3);

        assertThat(p.record(OK)).isTrue();

        assertThat(p.health()).isEqualTo(Health.UP);
    }

    @Test
    void aHealthyProbeGoesDownOnlyAfterFailureThresholdFailuresInARow() {
        ProbeState p = probe(3, 2);
        p.record(OK);

        p.record(FAILED);
        p.record(FAILED);
        p.record(OK);
        p.record(FAILED);
        p.record(FAILED);
        assertThat(p.health()).isEqualTo(Health.UP);

        assertThat(p.record(FAILED)).isTrue();
        assertThat(p.health()).isEqualTo(Health.DOWN);
        assertThat(p.consecutiveFailures()).isEqualTo(3);
        assertThat(p.last()).isEqualTo(FAILED);
    }

    @Test
    void aDownProbeComesBackOnlyAfterSuccessThresholdSuccessesInARow() {
        ProbeState p = probe(1, 3);
        p.record(FAILED);
        assertThat(p.health()).isEqualTo(Health.DOWN);

        p.record(OK);
        p.record(OK);
        p.record(FAILED);
        p.record(OK);
        p.record(OK);
        assertThat(p.health()).isEqualTo(Health.DOWN);

        assertThat(p.record(OK)).isTrue();
        assertThat(p.health()).isEqualTo(Health.UP);
    }

    @Test
    void aProbeThatNeverAnsweredGoesDownAfterFailureThresholdFailures() {
        ProbeState p = probe(2, 1);

        p.record(FAILED);
        assertThat(p.health()).isEqualTo(Health.UNKNOWN);
        p.record(FAILED);
        assertThat(p.health()).isEqualTo(Health.DOWN);
    }

    @Test
    void withAllEveryProbeMustPassAndOneDownProbeIsEnoughForDown() {
        assertThat(Health.combine(ProbeCombination.ALL, List.of(Health.UP, Health.UP))).isEqualTo(Health.UP);
        assertThat(Health.combine(ProbeCombination.ALL, List.of(Health.UP, Health.UNKNOWN))).isEqualTo(Health.UNKNOWN);
        assertThat(Health.combine(ProbeCombination.ALL, List.of(Health.UNKNOWN, Health.DOWN))).isEqualTo(Health.DOWN);
    }

    @Test
    void withAnyOneProbeIsEnoughForUpAndEveryProbeMustFailForDown() {
        assertThat(Health.combine(ProbeCombination.ANY, List.of(Health.DOWN, Health.UP))).isEqualTo(Health.UP);
        assertThat(Health.combine(ProbeCombination.ANY, List.of(Health.DOWN, Health.UNKNOWN))).isEqualTo(Health.UNKNOWN);
        assertThat(Health.combine(ProbeCombination.ANY, List.of(Health.DOWN, Health.DOWN))).isEqualTo(Health.DOWN);
    }
}
