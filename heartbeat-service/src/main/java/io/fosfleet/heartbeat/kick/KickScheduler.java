package io.fosfleet.heartbeat.kick;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer that sends every owned pair's watchdog kicks. Each pair kicks at a fixed phase of its interval (from a
 * hash of its key), so ten thousand pairs spread over the second instead of bursting; the first kick of a pair goes
 * out at once, because a pair that starts kicking is often one another replica stopped kicking a moment ago.
 * Nothing here touches Kafka: kicking goes on whatever the broker does.
 */
public final class KickScheduler implements AutoCloseable {

    /** Told the outcome of each kick, on a pool thread. */
    @FunctionalInterface
    public interface Listener {
        /** @param detail what the device did, e.g. {@code no reply from ... within 500 ms} */
        void kicked(boolean answered, String detail);
    }

    private final Gbl4Client client;
    private final Gbl4Client.Options options;
    private final HeartbeatMetrics metrics;
    private final ScheduledThreadPoolExecutor timer;
    private final long origin = System.nanoTime();
    private volatile long lastTick = System.nanoTime();

    /** @param options timeout, retries and port of each kick; the timeout is capped at half a pair's interval */
    public KickScheduler(Gbl4Client client, Gbl4Client.Options options, HeartbeatMetrics metrics) {
        this.client = client;
        this.options = options;
        this.metrics = metrics;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kick-timer");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.scheduleAtFixedRate(() -> lastTick = System.nanoTime(), 0, 1, TimeUnit.SECONDS);
    }

    /** Starts kicking a device: now, then every interval at the key's phase, until the handle is cancelled. */
    public Handle start(String key, InetAddress host, MacAddress mac, Duration interval, Listener listener) {
        long intervalNanos = interval.toNanos();
        Duration timeout = options.timeout().compareTo(interval.dividedBy(2)) < 0 ? options.timeout()
                : interval.dividedBy(2);
        long phase = Math.floorMod(key.hashCode() * 0x9E3779B97F4A7C15L, intervalNanos);
        Handle handle = new Handle(host, mac, intervalNanos, phase, options.withTimeout(timeout), listener);
        handle.schedule(System.nanoTime(), false);
        return handle;
    }

    /** When the timer thread last ran; liveness fails when it stops. */
    public long lastTickNanos() {
        return lastTick;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One device's kicks; cancel to stop them. */
    public final class Handle {
        private final InetAddress host;
        private final MacAddress mac;
        private final long intervalNanos;
        private final long phase;
        private final Gbl4Client.Options kickOptions;
        private final Listener listener;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        private Handle(InetAddress host, MacAddress mac, long intervalNanos, long phase, Gbl4Client.Options kickOptions,
                Listener listener) {
            this.host = host;
            this.mac = mac;
            this.intervalNanos = intervalNanos;
            this.phase = phase;
            this.kickOptions = kickOptions;
            this.listener = listener;
        }

        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }

        /** @param onSlot whether the kick is on the pair's phase; the first one (sent at once) is not */
        private void schedule(long plannedNanos, boolean onSlot) {
            if (cancelled || timer.isShutdown()) {
                return;
            }
            long delay = plannedNanos - System.nanoTime();
            try {
                next = timer.schedule(() -> run(plannedNanos, onSlot), Math.max(0, delay), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down: no more kicks
            }
        }

        private void run(long plannedNanos, boolean onSlot) {
            if (cancelled) {
                return;
            }
            long now = System.nanoTime();
            metrics.kickSent();
            if (onSlot) {
                metrics.kickDeviation(now - plannedNanos);
            }
            client.kick(host, mac, kickOptions).whenComplete((ack, e) -> {
                if (e == null) {
                    metrics.kickAnswered();
                    listener.kicked(true, "acknowledged");
                } else {
                    metrics.kickFailed();
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    listener.kicked(false, cause instanceof DeviceIoException io ? io.getMessage()
                            : String.valueOf(cause.getMessage()));
                }
            });
            schedule(nextSlot(plannedNanos, now), true);
        }

        /**
         * The next slot of this pair's phase. Normally one interval after the planned one; the first kick (sent at
         * once) is followed by the first phase slot at least half an interval later; a timer that fell more than an
         * interval behind skips the missed slots rather than kicking in a burst.
         */
        private long nextSlot(long plannedNanos, long now) {
            long slot = slotAtOrAfter(plannedNanos + intervalNanos / 2);
            if (slot <= now) {
                long caughtUp = slotAtOrAfter(now);
                metrics.kicksMissed((caughtUp - slot) / intervalNanos);
                slot = caughtUp;
            }
            return slot;
        }

        private long slotAtOrAfter(long t) {
            long base = origin + phase;
            long k = Math.floorDiv(t - base + intervalNanos - 1, intervalNanos);
            return base + k * intervalNanos;
        }
    }
}
