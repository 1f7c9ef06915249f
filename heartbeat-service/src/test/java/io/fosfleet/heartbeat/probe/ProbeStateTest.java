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

    private static final CheckResult TIMED_OUT = CheckResult.timedOut("TCP 10.0.0.1:5060: not accepted within 250 ms");
    private static final Duration NO_STALL = Duration.ZERO;
    private static final Duration LONG_STALL = Duration.ofMillis(900);

    private static ProbeState probe(int failureThreshold, int successThreshold) {
        return new ProbeState(new Probe(Probe.Type.TCP, "10.0.0.1", 5060, null, null, Duration.ofSeconds(1),
                Duration.ofMillis(500), failureThreshold, successThreshold));
    }

    /**
     * The text published with a verdict: the probe's own verdict and its last check, never a verdict next to a
     * detail that seems to contradict it (once "UP: connection refused").
     */
    @Test
    void theSummarySaysTheVerdictAndWhatTheLastCheckFoundSeparately() {
        ProbeState p = probe(3, 2);
        assertThat(p.summary()).isEqualTo("UNKNOWN: not checked yet");
        p.record(OK);
        p.record(OK);
        assertThat(p.summary()).isEqualTo("UP: last check ok: accepted (2 successes in a row)");
        p.record(FAILED);
        assertThat(p.summary()).isEqualTo(
                "UP: last check failed: connection refused (1 of 3 failures in a row that make it DOWN)");
        p.record(FAILED);
        p.record(FAILED);
        assertThat(p.summary()).isEqualTo("DOWN: last check failed: connection refused (3 failures in a row)");
        p.record(OK);
        assertThat(p.summary()).isEqualTo("DOWN: last check ok: accepted (1 of 2 successes in a row that make it UP)");
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

    /** Judges and counts one check, as a pair does. */
    private static CheckResult check(ProbeState p, CheckResult raw, Duration localStall) {
        CheckResult judged = p.judge(raw, localStall);
        p.record(judged);
        return judged;
    }

    private static ProbeState quickProbe(int inconclusiveLimit) {
        return new ProbeState(new Probe(Probe.Type.TCP, "10.0.0.1", 5060, null, null, Duration.ofMillis(250),
                Duration.ofMillis(250), 3, 2), inconclusiveLimit);
    }

    @Test
    void timeoutsDuringALocalStallAreInconclusiveAndNeverTakeAHealthyProbeDown() {
        ProbeState p = quickProbe(3);
        check(p, OK, NO_STALL);
        check(p, FAILED, NO_STALL);

        CheckResult judged = check(p, TIMED_OUT, LONG_STALL);
        check(p, TIMED_OUT, LONG_STALL);
        check(p, TIMED_OUT, LONG_STALL);

        assertThat(judged.inconclusive()).isTrue();
        assertThat(judged.detail()).contains("not accepted within 250 ms").contains("stalled 900 ms");
        assertThat(p.health()).isEqualTo(Health.UP);
        assertThat(p.consecutiveFailures()).as("the failure before the stall still counts, nothing more").isEqualTo(1);
        assertThat(p.consecutiveInconclusive()).isEqualTo(3);
        check(p, OK, NO_STALL);
        assertThat(p.consecutiveInconclusive()).isZero();
        assertThat(p.consecutiveFailures()).isZero();
    }

    @Test
    void aStallShorterThanHalfTheTimeoutExcusesNothing() {
        ProbeState p = quickProbe(3);
        check(p, OK, NO_STALL);
        assertThat(p.excusingStall()).isEqualTo(Duration.ofMillis(125));

        assertThat(check(p, TIMED_OUT, Duration.ofMillis(124)).outcome()).isEqualTo(CheckResult.Outcome.FAILED);
        assertThat(check(p, TIMED_OUT, NO_STALL).outcome()).isEqualTo(CheckResult.Outcome.FAILED);
        assertThat(check(p, TIMED_OUT, Duration.ofMillis(125)).inconclusive()).isTrue();
        assertThat(p.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionFailsWhateverTheStall() {
        ProbeState p = quickProbe(3);
        check(p, OK, NO_STALL);

        for (int i = 0; i < 3; i++) {
            assertThat(check(p, FAILED, LONG_STALL).outcome()).isEqualTo(CheckResult.Outcome.FAILED);
        }

        assertThat(p.health()).isEqualTo(Health.DOWN);
    }

    @Test
    void aStalledReplicaStillDetectsASilentPrimaryAfterAtMostTheLimitOfInconclusiveChecks() {
        ProbeState p = quickProbe(3);
        check(p, OK, NO_STALL);

        int checks = 0;
        while (p.health() != Health.DOWN && checks < 100) {
            check(p, TIMED_OUT, LONG_STALL);
            checks++;
        }

        // 3 failures needed; only every 4th timeout counts while the replica stays stalled.
        assertThat(checks).isEqualTo(3 + 1 + 3 + 1 + 3 + 1);
        assertThat(p.last().detail()).contains("after 3 inconclusive checks in a row");
    }

    @Test
    void aLimitOfZeroCountsEveryTimeoutAsAFailure() {
        ProbeState p = quickProbe(0);
        check(p, OK, NO_STALL);

        check(p, TIMED_OUT, LONG_STALL);
        check(p, TIMED_OUT, LONG_STALL);
        check(p, TIMED_OUT, LONG_STALL);

        assertThat(p.health()).isEqualTo(Health.DOWN);
    }

    @Test
    void aSlowTimeoutIsExcusedOnlyByAStallOfHalfOfIt() {
        ProbeState p = new ProbeState(new Probe(Probe.Type.HTTP, "10.0.0.1", 80, "/", null, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 1, 1));
        ProbeState lan = new ProbeState(new Probe(Probe.Type.SIP_OPTIONS, "10.0.0.1", 5060, null, null,
                Duration.ofMillis(100), Duration.ofMillis(60), 1, 1));

        assertThat(p.excusingStall()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lan.excusingStall()).as("at least 50 ms").isEqualTo(Duration.ofMillis(50));
    }
}
