package io.fosfleet.heartbeat.pair;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.heartbeat.failover.FailoverCommands;
import io.fosfleet.heartbeat.kick.KickScheduler;
import io.fosfleet.heartbeat.probe.LocalStalls;
import io.fosfleet.heartbeat.probe.ProbeChecks;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/**
 * What every pair of a replica shares: the timers, the kick scheduler, the probe checks, where events and commands
 * go, and how a handover is timed.
 *
 * @param source            the service name written into every event and command
 * @param stalls            this replica's own stalls, against which probe timeouts are judged
 * @param inconclusiveLimit how many timed-out checks in a row a local stall may excuse
 * @param replica           this replica's id, written into every kick summary
 * @param summaryRefresh    how often a kicked pair's kick summary is published again when nothing changed
 */
public record PairContext(Vertx vertx, KickScheduler kicks, ProbeChecks checks, Publisher publisher,
        FailoverCommands commands, HeartbeatMetrics metrics, HandoverTiming timing, String source, Clock clock,
        LocalStalls stalls, int inconclusiveLimit, String replica, Duration summaryRefresh) {
}
