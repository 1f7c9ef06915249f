package io.fosfleet.heartbeat.probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What this replica knows of its own stalls: moments when its threads did not run although they had work due — a GC
 * pause, CPU starvation of the process, a blocked event loop. Evidence comes from a detector thread that measures how
 * late its own short sleeps wake up, from probe timeouts that fire late, and from probe operations that waited on
 * their event loop before they could even start. A probe that timed out during such a stall proves nothing about its
 * target.
 *
 * <p>Times are {@link System#nanoTime()} values (or the test's clock). Stalls that touch or nearly touch merge into
 * one, so a sustained lag is one stall, logged once.
 */
public final class LocalStalls implements AutoCloseable {

    /** Lags below this are a thread's ordinary wake-up jitter and are not kept as stalls. */
    static final long MIN_RECORDED_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Two stalls closer than this are one. */
    static final long MERGE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int KEPT = 64;

    /** One stall: threads that should have run at {@code from} ran only at {@code to}, at worst {@code lag} late. */
    public static final class Stall {
        private long from;
        private long to;
        private long lag;
        private boolean reported;

        private Stall(long from, long to, long lag) {
            this.from = from;
            this.to = to;
            this.lag = lag;
        }

        /** The largest lateness measured in this stall. */
        public synchronized Duration lag() {
            return Duration.ofNanos(lag);
        }

        /** True the first time only: the stall is logged once, however many checks it touched. */
        public synchronized boolean firstReport() {
            boolean first = !reported;
            reported = true;
            return first;
        }
    }

    private final LongSupplier nanoClock;
    private final Deque<Stall> stalls = new ArrayDeque<>();
    private volatile Thread detector;

    public LocalStalls(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public long now() {
        return nanoClock.getAsLong();
    }

    /** Something due at {@code dueNanos} ran at {@code ranNanos}: a stall when that is more than a few ms late. */
    public void observe(long dueNanos, long ranNanos) {
        long lag = ranNanos - dueNanos;
        if (lag < MIN_RECORDED_NANOS) {
            return;
        }
        synchronized (stalls) {
            Stall last = stalls.peekLast();
            if (last != null && dueNanos - last.to <= MERGE_GAP_NANOS && ranNanos - last.from >= 0) {
                synchronized (last) {
                    last.from = Math.min(last.from, dueNanos);
                    last.to = Math.max(last.to, ranNanos);
                    last.lag = Math.max(last.lag, lag);
                }
                return;
            }
            stalls.addLast(new Stall(dueNanos, ranNanos, lag));
            if (stalls.size() > KEPT) {
                stalls.removeFirst();
            }
        }
    }

    /** The worst stall that overlapped {@code [fromNanos, toNanos]}, if any. */
    public Optional<Stall> worstDuring(long fromNanos, long toNanos) {
        Stall worst = null;
        synchronized (stalls) {
            for (Stall s : stalls) {
                synchronized (s) {
                    if (s.to - fromNanos >= 0 && toNanos - s.from >= 0 && (worst == null || s.lag > worst.lag)) {
                        worst = s;
                    }
                }
            }
        }
        return Optional.ofNullable(worst);
    }

    /**
     * Starts the detector: a thread that sleeps {@code tick} at a time and reports how late it woke up each time to
     * {@code lagNanos} (e.g. a histogram) and, when late, as a stall. It sees what stops the whole process (GC pauses,
     * safepoints, CPU starvation); a blocked event loop alone shows in the probes' own timers.
     */
    public synchronized void startDetector(Duration tick, LongConsumer lagNanos) {
        if (detector != null) {
            return;
        }
        long tickNanos = tick.toNanos();
        Thread t = new Thread(() -> {
            long due = System.nanoTime() + tickNanos;
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(due - System.nanoTime());
                long woke = System.nanoTime();
                long lag = Math.max(0, woke - due);
                lagNanos.accept(lag);
                observe(due, woke);
                due = woke + tickNanos;
            }
        }, "probe-stall-detector");
        t.setDaemon(true);
        t.start();
        detector = t;
    }

    @Override
    public synchronized void close() {
        if (detector != null) {
            detector.interrupt();
            detector = null;
        }
    }
}
