package io.fosfleet.config.pair;

import io.fosfleet.events.PairConfig.FailoverPolicy;
import java.time.Duration;
import java.time.Instant;

/** A pair as the API shows it, with the verdict of its HA check. */
public record PairView(String id, String deviceId, String primaryNodeId, String secondaryNodeId, int scenario,
                       Duration kickInterval, Duration startDelay, FailoverPolicy failoverPolicy, boolean fastFailover,
                       boolean maintenance, String maintenanceReason, HaCheck haCheck, long version,
                       Instant createdAt, Instant updatedAt) {
}
