package io.fosfleet.config.console;

import io.fosfleet.events.KickSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * The console's watchdog cell: what heartbeat-service's latest kick summary ({@code fos.heartbeat.kicks}) and the
 * device's own state say together. The page counts the seconds itself from the times given here ({@code console.js},
 * {@code tick()}), so "kicked N s ago" and "fails over in N s" move every second without a new reading, and a summary
 * that stopped coming is reported as such, never extrapolated.
 */
public final class ConsoleWatchdog {

    /** A kicked pair's summary is stale once this much later than twice its refresh interval. */
    static final Duration STALE_MARGIN = Duration.ofSeconds(1);

    /** What the watchdog cell says; the page ({@code data-kick}) and the live stream's JSON carry the name. */
    public enum Status {
        /** No pair: the device's watchdog state only. */
        NONE,
        /** A pair, no kick summary yet. */
        NO_READING,
        /** heartbeat-service kicks and the device acknowledges. */
        KICKED,
        /** Kicks sent, not acknowledged. */
        UNANSWERED,
        /** Not kicked: the watchdog runs out at {@code failsOverAt}. */
        COUNTDOWN,
        /** Not kicked, no countdown known. */
        NOT_KICKED,
        /** Not kicked because the pair is in maintenance. */
        MAINTENANCE,
        /** The device reports its watchdog ran out. */
        FAILURE
    }

    /**
     * The cell's facts.
     *
     * @param status      what the cell says (see {@link Status})
     * @param text        the words when rendered (the page keeps the times in them current)
     * @param prefix      words before the countdown, e.g. "primary down · "
     * @param verb        "fails over" or, when the relay is already on A–D, "runs out"
     * @param lastKickAt  the last acknowledged kick
     * @param failsOverAt when the device's watchdog runs out without kicks
     * @param staleAfter  after this a KICKED or UNANSWERED summary is stale: heartbeat-service stopped reporting
     * @param since       when heartbeat-service wrote the summary
     * @param replica     the heartbeat-service replica that owns the pair
     */
    public record View(Status status, String text, String prefix, String verb, Instant lastKickAt,
                       Instant failsOverAt, Instant staleAfter, Instant since, String replica) {

        static View of(Status status, String text) {
            return new View(status, text, "", "", null, null, null, null, null);
        }
    }

    private ConsoleWatchdog() {
    }

    /**
     * @param summary      the pair's latest kick summary, null when none was read
     * @param paired       whether the device serves a pair (only pairs are kicked)
     * @param watchdog     the device's watchdog as reported: off, on, FAILURE or ?
     * @param mode         the device's relay mode (0 = A–D), null before the first report
     * @param wdogInterval the device's watchdog timeout as reported ({@code wdogitime}, s), used when the pair's
     *                     configuration does not set one
     */
    public static View view(KickSummary summary, boolean paired, String watchdog, Integer mode, Integer wdogInterval,
                            Instant now) {
        if ("FAILURE".equals(watchdog)) {
            return View.of(Status.FAILURE, null);   // the device itself says it ran out
        }
        if (!paired) {
            return View.of(Status.NONE, null);
        }
        if (summary == null) {
            return View.of(Status.NO_READING, "no kick reading yet");
        }
        Instant lastAck = summary.lastAckAt();
        Instant failsAt = summary.failsOverAt();
        if (failsAt == null && lastAck != null && summary.watchdogTimeout() == null && wdogInterval != null
                && wdogInterval > 0 && (!summary.kicking() || summary.acksFailing())) {
            failsAt = lastAck.plusSeconds(wdogInterval);
        }
        Instant since = summary.occurredAt();
        Instant staleAfter = since.plus(summary.refreshInterval().multipliedBy(2)).plus(STALE_MARGIN);
        String verb = mode != null && mode == 0 ? "runs out" : "fails over";
        if (summary.kicking()) {
            if (now.isAfter(staleAfter)) {
                return new View(summary.acksFailing() ? Status.UNANSWERED : Status.KICKED, "no kick reading since "
                        + clock(since), "", verb, lastAck, failsAt, staleAfter, since, summary.replica());
            }
            if (lastAck == null) {
                return new View(Status.UNANSWERED, "kicked, no acknowledgement yet", "", verb, null, failsAt,
                        staleAfter, since, summary.replica());
            }
            Status status = summary.acksFailing() ? Status.UNANSWERED : Status.KICKED;
            return new View(status, text(status, "", verb, lastAck, failsAt, now), "", verb, lastAck, failsAt,
                    staleAfter, since, summary.replica());
        }
        return switch (summary.notKicking()) {
            case MAINTENANCE -> new View(Status.MAINTENANCE, "not kicked (maintenance)", "", verb, lastAck, failsAt,
                    null, since, summary.replica());
            case STARTING -> new View(Status.NOT_KICKED, "not kicked yet (starting)", "", verb, lastAck, failsAt, null,
                    since, summary.replica());
            case CANNOT_KICK -> new View(Status.NOT_KICKED, "not kicked: the device's address or MAC is unusable", "",
                    verb, lastAck, failsAt, null, since, summary.replica());
            // a reason only a newer heartbeat-service knows
            case UNKNOWN -> new View(Status.NOT_KICKED, "not kicked (reason unknown to this console version)", "",
                    verb, lastAck, failsAt, null, since, summary.replica());
            case PRIMARY_DOWN -> failsAt == null
                    ? new View(Status.NOT_KICKED, "primary down · not kicked", "", verb, lastAck, null, null, since,
                    summary.replica())
                    : new View(Status.COUNTDOWN, text(Status.COUNTDOWN, "primary down · ", verb, lastAck, failsAt, now),
                    "primary down · ", verb, lastAck, failsAt, null, since, summary.replica());
        };
    }

    /** The words for a status whose times move; console.js's tick() says the same. */
    private static String text(Status status, String prefix, String verb, Instant lastAck, Instant failsAt,
                               Instant now) {
        return switch (status) {
            case KICKED -> "kicked " + secondsBetween(lastAck, now) + " s ago";
            case UNANSWERED -> "kicks unanswered · last acknowledged " + secondsBetween(lastAck, now) + " s ago";
            default -> {
                long rest = (long) Math.ceil(Duration.between(now, failsAt).toMillis() / 1000.0);
                yield prefix + (rest > 0 ? verb + " in " + rest + " s" : "watchdog ran out at " + clock(failsAt));
            }
        };
    }

    private static long secondsBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000);
    }

    /** HH:MM:SS in UTC on the server; the page shows its own local time within a second. */
    private static String clock(Instant t) {
        return t.toString().substring(11, 19);
    }
}
