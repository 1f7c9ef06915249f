package io.fosfleet.heartbeat.probe;

import io.fosfleet.events.Probe;

/**
 * One probe's verdict under its thresholds. A probe that has never answered becomes UP on its first success, so a
 * replica taking a pair over kicks it after one round trip instead of a whole success threshold; from then on it takes
 * {@code failureThreshold} consecutive failures to go DOWN and {@code successThreshold} consecutive successes to come
 * back UP.
 */
public final class ProbeState {

    private final Probe probe;
    private Health health = Health.UNKNOWN;
    private int successes;
    private int failures;
    private CheckResult last;

    public ProbeState(Probe probe) {
        this.probe = probe;
    }

    /** Counts one check; true when the verdict changed. */
    public boolean record(CheckResult result) {
        last = result;
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

    /** The last check's outcome; null before the first. */
    public CheckResult last() {
        return last;
    }
}
