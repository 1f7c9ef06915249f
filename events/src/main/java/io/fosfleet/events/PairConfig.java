package io.fosfleet.events;

import java.time.Duration;
import java.util.List;

/**
 * A PBX pair as config-service publishes it: one berofos, a primary and a secondary node, the health probes of the
 * primary and the failover policy heartbeat-service follows.
 *
 * @param scenario       the device scenario the pair is wired for: 0 fallback, 1 bypass
 * @param kickInterval   time between two watchdog kicks while the primary is healthy
 * @param startDelay     wait after the pair appears before kicking starts
 * @param fastFailover   also switch the relay to A-D at once when the primary goes down, instead of waiting for the
 *                       watchdog to run out
 * @param maintenance    failed over on purpose by an operator: no kicking, alerts silenced
 * @param probes         at least one; PASSIVE for a node that pushes its own heartbeats
 * @param probeCombination how the probes' verdicts combine into the primary's health
 */
public record PairConfig(
        String pairId,
        DeviceId deviceId,
        Node primary,
        Node secondary,
        int scenario,
        Duration kickInterval,
        Duration startDelay,
        FailoverPolicy failoverPolicy,
        boolean fastFailover,
        boolean maintenance,
        List<Probe> probes,
        ProbeCombination probeCombination) {

    /** A telephone system behind the berofos. */
    public record Node(String name, String host) {

        public Node {
            Fields.text(name, "name", Limits.NAME);
            Fields.text(host, "host", Limits.HOST);
        }
    }

    /** What happens when the primary is healthy again after a failover. */
    public enum FailoverPolicy {
        /** The device stays failed over until an operator re-arms it. */
        MANUAL,
        /** Re-arm the watchdog, switch the relay back to A-B and kick again. */
        AUTO
    }

    public enum ProbeCombination {
        /** The primary is healthy only while every probe passes. */
        ALL,
        /** The primary is healthy while at least one probe passes. */
        ANY
    }

    public PairConfig {
        Fields.text(pairId, "pairId", Limits.ID);
        Fields.required(deviceId, "deviceId");
        Fields.required(primary, "primary");
        Fields.required(secondary, "secondary");
        if (scenario != 0 && scenario != 1) {
            throw new InvalidFieldException("scenario", "is " + scenario + ", allowed 0 (fallback) or 1 (bypass)");
        }
        Fields.positive(kickInterval, "kickInterval");
        startDelay = startDelay == null ? Duration.ZERO : startDelay;
        if (startDelay.isNegative()) {
            throw new InvalidFieldException("startDelay", "is " + startDelay + ", must not be negative");
        }
        Fields.required(failoverPolicy, "failoverPolicy");
        probes = Fields.list(probes, "probes");
        if (probes.isEmpty()) {
            throw new InvalidFieldException("probes", "is empty; a pair needs at least one health source"
                    + " (PASSIVE for a node that pushes heartbeats)");
        }
        Fields.required(probeCombination, "probeCombination");
    }
}
