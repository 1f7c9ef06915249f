package io.fosfleet.kafka.messaging;

import io.fosfleet.kafka.RetryPolicy;

import java.util.function.Predicate;

/**
 * Bounded retries of one record inside a blocking channel method, before the nack that dead-letters it: the work runs
 * up to {@link RetryPolicy#attempts()} times with the policy's backoff; then {@link GaveUp} says how often it was
 * tried. A failure the caller marks {@code unreadable} is not retried (reading it again gives the same answer).
 */
public final class Retrying {

    private Retrying() {
    }

    /** Runs {@code work} until it succeeds or the policy's attempts are used up. */
    public static void run(RetryPolicy policy, Predicate<Throwable> unreadable, Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (unreadable.test(e)) {
                    throw e;
                }
                if (attempt >= policy.attempts()) {
                    throw new GaveUp(attempt, e);
                }
                try {
                    Thread.sleep(policy.backoff(attempt).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new GaveUp(attempt, e);
                }
            }
        }
    }
}
