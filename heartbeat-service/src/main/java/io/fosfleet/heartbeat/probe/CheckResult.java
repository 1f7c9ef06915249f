package io.fosfleet.heartbeat.probe;

/**
 * The outcome of one check of one probe.
 *
 * @param outcome what the check found; {@link Outcome#TIMED_OUT} is judged against this replica's own stalls before it
 *                counts (see {@link ProbeState#judge})
 * @param detail  what happened, for events and the REST view, e.g. {@code connection refused}
 */
public record CheckResult(Outcome outcome, String detail) {

    /** What one check found. */
    public enum Outcome {
        /** The target answered as expected. */
        OK,
        /** The target answered wrongly or refused (connection refused, wrong HTTP status, no heartbeat): a failure. */
        FAILED,
        /**
         * No answer within the probe's timeout. A failure, unless this replica itself was stalled during the check:
         * then nobody knows whether the answer came in time.
         */
        TIMED_OUT,
        /** Timed out while this replica was stalled: counts neither as success nor as failure; re-probed at once. */
        INCONCLUSIVE
    }

    public static CheckResult ok(String detail) {
        return new CheckResult(Outcome.OK, detail);
    }

    public static CheckResult failed(String detail) {
        return new CheckResult(Outcome.FAILED, detail);
    }

    public static CheckResult timedOut(String detail) {
        return new CheckResult(Outcome.TIMED_OUT, detail);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    public boolean inconclusive() {
        return outcome == Outcome.INCONCLUSIVE;
    }
}
