package io.fosfleet.heartbeat.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * At most one WARN line per period; the lines in between are counted and the count is told on the next line, so a
 * sender that floods the service with bad requests cannot flood the log.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration period, LongSupplier nanoTime) {
        this.log = log;
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
        this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
    }

    /** Logs {@code message} now if the period since the last line is over; counts it otherwise. */
    void warn(String message) {
        long now = nanoTime.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed >= 0 && nextAllowed.compareAndSet(allowed, now + periodNanos)) {
            long skipped = suppressed.getAndSet(0);
            log.warn(skipped == 0 ? message : message + " (" + skipped + " more not logged since the last line)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
