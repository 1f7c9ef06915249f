package io.fosfleet.heartbeat.pair;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the REST view shows of one owned pair.
 *
 * @param state         STARTING (waiting for the start delay or the first probe verdict), KICKING, PRIMARY_DOWN,
 *                      MAINTENANCE, or RELEASING (its partition moved away; kicked until the grace period ends)
 * @param worstCaseGap  the longest time this setup can leave the device unkicked while its primary is healthy; the
 *                      device's watchdog interval must be longer
 * @param kickError     why the device cannot be kicked (bad MAC, unresolvable host), else null
 */
public record PairView(
        String deviceId,
        String pairId,
        int partition,
        String state,
        String primary,
        String primaryHealth,
        boolean kicking,
        String failoverPolicy,
        boolean fastFailover,
        boolean maintenance,
        Duration kickInterval,
        Duration worstCaseGap,
        long kicksSent,
        long kicksAnswered,
        Instant lastKickAnswered,
        String lastKickResult,
        String kickError,
        List<ProbeView> probes) {

    /** One probe of the primary. */
    public record ProbeView(String type, String target, String health, int consecutiveSuccesses,
            int consecutiveFailures, String lastResult) {
    }
}
