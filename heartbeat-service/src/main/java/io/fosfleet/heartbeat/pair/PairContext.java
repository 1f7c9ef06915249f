package io.fosfleet.heartbeat.pair;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.heartbeat.failover.FailoverCommands;
import io.fosfleet.heartbeat.kick.KickScheduler;
import io.fosfleet.heartbeat.probe.ProbeChecks;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What every pair of a replica shares: the timers, the kick scheduler, the probe checks, where events and commands
 * go, and how a handover is timed.
 *
 * @param source the service name written into every event and command
 */
public record PairContext(Vertx vertx, KickScheduler kicks, ProbeChecks checks, Publisher publisher,
        FailoverCommands commands, HeartbeatMetrics metrics, HandoverTiming timing, String source, Clock clock) {
}
