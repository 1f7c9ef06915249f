package io.fosfleet.cli;

import java.time.Duration;

/** The wait between two rounds of {@code -c}; tests end the loop through it. */
@FunctionalInterface
interface Pause {

    /** Waits, then says whether to go on with the next round. */
    boolean await(Duration wait);

    /** Sleeps; a loop ends only when the process does (or its thread is interrupted). */
    static Pause sleeping() {
        return wait -> {
            try {
                Thread.sleep(wait.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}
