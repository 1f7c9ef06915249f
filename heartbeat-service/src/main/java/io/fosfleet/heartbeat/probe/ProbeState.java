package io.fosfleet.heartbeat.probe;

import io.fosfleet.events.Probe;
import java.time.Duration;

/**
 * One probe's verdict under its thresholds. A probe that has never answered becomes UP on its first success, so a
 * replica taking a pair over kicks it after one round trip instead of a whole success threshold; from then on it takes
 * {@code failureThreshold} consecutive failures to go DOWN and {@code successThreshold} consecutive successes to come
 * back UP.
 *
 * <p>A check that timed out while this replica itself was stalled (see {@link #judge}) is INCONCLUSIVE: it neither
 * counts as a failure nor breaks a run of failures or successes. At most {@code inconclusiveLimit} checks in a row
 * are let off that way; the next timeout counts as a failure whatever the stall, so a replica that is stalled all the
 * time still detects a dead primary, at most that many checks later.
 */
public final class ProbeState {

    /** How many timed-out checks in a row a local stall may excuse, unless configured otherwise. */
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 3;
    /** A stall shorter than this never excuses a timeout. */
    static final Duration MIN_EXCUSING_STALL = Duration.ofMillis(50);

    private final Probe probe;
    private final int inconclusiveLimit;
    private Health health = Health.UNKNOWN;
    private int successes;
    private int failures;
    private int inconclusive;
    private CheckResult last;

    public ProbeState(Probe probe) {
        this(probe, DEFAULT_INCONCLUSIVE_LIMIT);
    }

    public ProbeState(Probe probe, int inconclusiveLimit) {
        this.probe = probe;
        this.inconclusiveLimit = inconclusiveLimit;
    }

    /**
     * The stall that excuses a timeout of this probe: half its timeout, at least 50 ms. A replica that did not run for
     * that long within the check may have had the answer waiting, unread, or sent the request late.
     */
    public Duration excusingStall() {
        Duration half = probe.timeout().dividedBy(2);
        return half.compareTo(MIN_EXCUSING_STALL) < 0 ? MIN_EXCUSING_STALL : half;
    }

    /**
     * What a check counts as, given the worst stall of this replica during it ({@link Duration#ZERO} for none): a
     * timeout becomes INCONCLUSIVE when the stall reached {@link #excusingStall()} and fewer than the limit of checks
     * in a row were inconclusive already, and FAILED otherwise. Successes and definite failures (a refused
     * connection, a wrong status) count as they are, stall or not.
     */
    public CheckResult judge(CheckResult result, Duration localStall) {
        if (result.outcome() != CheckResult.Outcome.TIMED_OUT) {
            return result;
        }
        if (localStall.compareTo(excusingStall()) >= 0 && inconclusive < inconclusiveLimit) {
            return new CheckResult(CheckResult.Outcome.INCONCLUSIVE, result.detail()
                    + " — inconclusive: this replica itself stalled " + localStall.toMillis() + " ms during the check");
        }
        return CheckResult.failed(inconclusive > 0 ? result.detail() + " (after " + inconclusive
                + " inconclusive checks in a row)" : result.detail());
    }

    /** Counts one judged check; true when the verdict changed. An INCONCLUSIVE check never changes it. */
    public boolean record(CheckResult result) {
        last = result;
        if (result.inconclusive()) {
            inconclusive++;
            return false;
        }
        inconclusive = 0;
        if (result.ok()) {
            successes++;
            failures = 0;
        } else {
            failures++;
            successes = 0;
        }
        Health before = health;
        health = switch (health) {
            case UNKNOWN -> result.ok() ? Health.UP : failures >= probe.failureThreshold() ? Health.DOWN : Health.UNKNOWN;
            case UP -> failures >= probe.failureThreshold() ? Health.DOWN : Health.UP;
            case DOWN -> successes >= probe.successThreshold() ? Health.UP : Health.DOWN;
        };
        return health != before;
    }

    public Probe probe() {
        return probe;
    }

    public Health health() {
        return health;
    }

    public int consecutiveSuccesses() {
        return successes;
    }

    public int consecutiveFailures() {
        return failures;
    }

    /** Timed-out checks in a row let off as inconclusive because this replica was stalled. */
    public int consecutiveInconclusive() {
        return inconclusive;
    }

    /**
     * This probe's verdict and the last check's own outcome, in words that cannot be misread when the two differ:
     * {@code UP: last check failed: connection refused (1 of 3 failures in a row that make it DOWN)} — the probe is
     * still UP, its last check failed. Published with every PRIMARY_DOWN/PRIMARY_UP verdict.
     */
    public String summary() {
        if (last == null) {
            return health + ": not checked yet";
        }
        String outcome = switch (last.outcome()) {
            case OK -> "ok";
            case FAILED, TIMED_OUT -> "failed";
            case INCONCLUSIVE -> "inconclusive";
        };
        String run;
        if (last.inconclusive()) {
            run = inconclusive + " inconclusive in a row";
        } else if (last.ok()) {
            run = health == Health.DOWN ? successes + " of " + probe.successThreshold()
                    + " successes in a row that make it UP" : plural(successes, "success", "successes") + " in a row";
        } else {
            run = health == Health.DOWN ? plural(failures, "failure", "failures") + " in a row"
                    : failures + " of " + probe.failureThreshold() + " failures in a row that make it DOWN";
        }
        return health + ": last check " + outcome + ": " + last.detail() + " (" + run + ")";
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The last check's outcome; null before the first. */
    public CheckResult last() {
        return last;
    }
}
