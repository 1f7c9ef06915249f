package io.fosfleet.kafka;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Warnings that cannot flood the log: at most one line per key (e.g. per partition) per interval. The next line
 * that gets through says how many were held back since the last one.
 */
public final class RateLimitedLog {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> sink;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long lastLogged;
        int suppressed;
    }

    public RateLimitedLog(Logger logger, Duration interval) {
        this(interval, System::nanoTime, logger::warn);
    }

    RateLimitedLog(Duration interval, LongSupplier nanoClock, Consumer<String> sink) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    /** Logs the line unless one with this key went out less than an interval ago; answers whether it went out. */
    public synchronized boolean warn(String key, String line) {
        long now = nanoClock.getAsLong();
        Window w = windows.get(key);
        if (w != null && now - w.lastLogged < intervalNanos) {
            w.suppressed++;
            return false;
        }
        if (w == null) {
            w = new Window();
            windows.put(key, w);
        }
        sink.accept(w.suppressed == 0 ? line
                : line + " (" + w.suppressed + " similar line" + (w.suppressed == 1 ? "" : "s") + " held back)");
        w.lastLogged = now;
        w.suppressed = 0;
        return true;
    }
}
