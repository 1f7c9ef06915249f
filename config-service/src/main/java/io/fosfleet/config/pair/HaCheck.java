package io.fosfleet.config.pair;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a pair's watchdog survives the loss of the heartbeat-service replica kicking it: its watchdog interval
 * ({@code wdogitime}, desired or else observed) must be longer than the worst-case kick gap heartbeat-service
 * publishes for the pair (detail {@code worstCaseGap} of its heartbeat events).
 *
 * @param verdict OK, WARNING, or UNKNOWN while either value is not known yet
 */
public record HaCheck(String pairId, Verdict verdict, Duration watchdogInterval, String watchdogIntervalFrom,
                      Duration worstCaseGap, Instant worstCaseGapReportedAt, String message) {

    /** The outcome of the check. */
    public enum Verdict {
        OK,
        WARNING,
        UNKNOWN
    }
}
