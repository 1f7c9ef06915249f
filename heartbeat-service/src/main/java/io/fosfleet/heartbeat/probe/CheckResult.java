package io.fosfleet.heartbeat.probe;

/**
 * The outcome of one check of one probe.
 *
 * @param detail what happened, for events and the REST view, e.g. {@code connection refused}
 */
public record CheckResult(boolean ok, String detail) {

    public static CheckResult ok(String detail) {
        return new CheckResult(true, detail);
    }

    public static CheckResult failed(String detail) {
        return new CheckResult(false, detail);
    }
}
