package io.fosfleet.config.pair;

import io.fosfleet.events.PairConfig.FailoverPolicy;
import java.time.Duration;

/**
 * A pair as a client sends it (create or replace). Maintenance is switched on its own endpoint, by operators.
 *
 * @param scenario       0 fallback (default), 1 bypass
 * @param kickInterval   default PT5S, as res_bnfos
 * @param startDelay     default the kick interval, as res_bnfos
 * @param failoverPolicy default MANUAL
 * @param fastFailover   default false
 */
public record PairInput(String id, String deviceId, String primaryNodeId, String secondaryNodeId, Integer scenario,
                        Duration kickInterval, Duration startDelay, FailoverPolicy failoverPolicy,
                        Boolean fastFailover) {
}
