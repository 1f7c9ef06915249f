package io.fosfleet.heartbeat.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverTimingTest {

    private static final HandoverTiming TIMING = new HandoverTiming(Duration.ofSeconds(2), Duration.ofMillis(500));

    private static PairConfig pair(Duration kickInterval, Probe... probes) {
        return new PairConfig("pair-1", DeviceId.of("fos-1"), new PairConfig.Node("pbx-a", "10.0.0.1"),
                new PairConfig.Node("pbx-b", "10.0.0.2"), 0, kickInterval, Duration.ofSeconds(5),
                PairConfig.FailoverPolicy.MANUAL, false, false, List.of(probes), PairConfig.ProbeCombination.ALL);
    }

    private static Probe probe(Probe.Type type, Duration timeout) {
        return new Probe(type, type.active() ? "10.0.0.1" : null, type.active() ? 5060 : null, null, null,
                Duration.ofSeconds(1), timeout, 3, 2);
    }

    @Test
    void theGapIsTheLastKicksAgePlusTheTakeoverPlusTheNewOwnersFirstProbeRound() {
        PairConfig resBnfosInterval = pair(Duration.ofSeconds(5), probe(Probe.Type.SIP_OPTIONS, Duration.ofSeconds(1)),
                probe(Probe.Type.TCP, Duration.ofMillis(300)));

        assertThat(TIMING.worstCaseGap(resBnfosInterval)).isEqualTo(Duration.ofMillis(5000 + 2000 + 500 + 1000));
    }

    @Test
    void passiveHeartbeatsAddNothingBecauseEveryReplicaKnowsThem() {
        PairConfig passive = pair(Duration.ofSeconds(1), probe(Probe.Type.PASSIVE, Duration.ofSeconds(15)));

        assertThat(TIMING.worstCaseGap(passive)).isEqualTo(Duration.ofMillis(3500));
    }
}
