package io.fosfleet.kafka;

import java.time.Duration;

/**
 * How often and how patiently a record the handler fails on is tried again before it is dead-lettered: the first
 * retry after {@code initialBackoff}, each further one after twice the wait before, never more than
 * {@code maxBackoff}.
 *
 * @param attempts tries of one record in all, the first included
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    /** Three tries, 200 ms then 400 ms apart; transient failures keep waiting up to 2 s between tries. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts is " + attempts + ", must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff " + initialBackoff + " .. " + maxBackoff
                    + ": need 0 <= initial <= max");
        }
    }

    /** The wait after the {@code failed}-th failed try of a record (1 for the first). */
    public Duration backoff(int failed) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failed && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
