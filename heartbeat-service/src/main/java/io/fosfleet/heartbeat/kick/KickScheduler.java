package io.fosfleet.heartbeat.kick;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.Gbl4DecodeException;
import io.fosfleet.protocol.gbl4.Gbl4Frames;
import io.fosfleet.protocol.gbl4.Gbl4Reply;
import io.fosfleet.protocol.gbl4.Gbl4Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The one loop that sends every owned pair's watchdog kicks and takes their acknowledgements. Each pair kicks at a
 * fixed phase of its interval (from a hash of its key), so fifty thousand pairs spread over the second instead of
 * bursting; the first kick of a pair goes out at once, because a pair that starts kicking is often one another replica
 * stopped kicking a moment ago. Nothing here touches Kafka: kicking goes on whatever the broker does.
 *
 * <p>How it runs: one thread wakes every millisecond (a tick). Each tick it reads every acknowledgement waiting on its
 * own UDP socket, then sends every kick due in the ticks since the last pass (a timing wheel of 1 ms buckets), and
 * judges every kick whose wait ran out in those ticks: sent again while retries are left, otherwise reported
 * unanswered. No task, future or thread hop per kick; the meters are updated once per tick. A kick never leaves before
 * its slot and, normally, within a millisecond after it.
 *
 * <p>A kick's acknowledgement is only taken from the address that was kicked (GBL4 has no authentication); a reply
 * from any other address is dropped and counted. Its wait (the timeout, capped at half the pair's interval) is per
 * attempt; all attempts of a kick end when the pair's next kick goes out at the latest: a kick still unanswered then is
 * reported unanswered.
 *
 * <p>When the loop falls behind (a long GC pause, a starved CPU), each pair gets one kick at once and goes back to its
 * phase: missed slots are skipped and counted ({@code fosfleet_heartbeat_kicks_missed_total}), never sent in a burst
 * per pair.
 */
public final class KickScheduler implements AutoCloseable {

    /** Told the outcome of each kick, on the kick loop's thread: it must return quickly and never block. */
    @FunctionalInterface
    public interface Listener {
        /** @param detail what the device did, e.g. {@code no reply from ... within 500 ms} */
        void kicked(boolean answered, String detail);
    }

    /** Where kicks go and acknowledgements come from: the UDP socket in the service, a recorder in tests. */
    interface Transport extends AutoCloseable {
        /** Sends one datagram; null when it went out, otherwise why it could not. */
        String send(byte[] datagram, InetSocketAddress target);

        /** Reads one waiting datagram into {@code buffer}; its sender, or null when none waits. */
        InetSocketAddress receive(ByteBuffer buffer) throws IOException;

        @Override
        void close();
    }

    static final long TICK_NANOS = 1_000_000L;
    /** Where the MAC starts in a GBL4 frame: after the prefix GBL\x04 and the command byte. */
    private static final int MAC_OFFSET = 5;
    /** Buckets of the wheel, 1 ms each: a pair with a longer interval is looked at once per turn (4 s) in between. */
    private static final int WHEEL = 4096;
    private static final long IDLE_PARK_NANOS = 50_000_000L;
    private static final System.Logger LOG = System.getLogger(KickScheduler.class.getName());

    private final Transport transport;
    private final Gbl4Client.Options options;
    private final HeartbeatMetrics metrics;
    private final long origin;
    private final Handle[] wheel = new Handle[WHEEL];
    private final ConcurrentLinkedQueue<Handle> added = new ConcurrentLinkedQueue<>();
    /** Every handle on the wheel by the MAC it kicks; several handles of one MAC are chained (oldest first). */
    private final HandlesByMac byMac = new HandlesByMac();
    /** A kick of MAC 00:00:00:00:00:00: an acknowledgement has its length, prefix and command (GBL\x04, 0x0b). */
    private final byte[] kickTemplate = Gbl4Frames.encode(new Gbl4Request.Kick(MacAddress.of(new byte[6])));
    private final ByteBuffer received = ByteBuffer.allocate(Gbl4Frames.MAX_DATAGRAM + 64);
    private final Thread thread;
    /** The last tick whose bucket was handled. */
    private long handledTick;
    private int onWheel;
    private long foreignReplies;
    private long sentInTick;
    private long answeredInTick;
    private long failedInTick;
    private long missedInTick;
    private volatile long lastTick = System.nanoTime();
    private volatile boolean closed;

    /**
     * Opens the kick socket (an ephemeral port of every local IPv4 address) and starts the loop.
     *
     * @param options timeout, retries and port of each kick; the timeout is capped at half a pair's interval
     */
    public static KickScheduler open(Gbl4Client.Options options, HeartbeatMetrics metrics) throws IOException {
        return new KickScheduler(UdpTransport.open(), options, metrics, System.nanoTime(), true);
    }

    /** @param loop whether to start the loop's thread; tests without one call {@link #runTick} with their own clock */
    KickScheduler(Transport transport, Gbl4Client.Options options, HeartbeatMetrics metrics, long originNanos,
            boolean loop) {
        this.transport = transport;
        this.options = options;
        this.metrics = metrics;
        this.origin = originNanos;
        this.handledTick = 0;
        if (loop) {
            thread = new Thread(this::loop, "kick-loop");
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** Starts kicking a device: now, then every interval at the key's phase, until the handle is cancelled. */
    public Handle start(String key, InetAddress host, MacAddress mac, Duration interval, Listener listener) {
        long intervalNanos = interval.toNanos();
        if (intervalNanos < 2 * TICK_NANOS) {
            throw new IllegalArgumentException("a kick interval is at least 2 ms, not " + interval);
        }
        Duration timeout = options.timeout().compareTo(interval.dividedBy(2)) < 0 ? options.timeout()
                : interval.dividedBy(2);
        long phase = Math.floorMod(key.hashCode() * 0x9E3779B97F4A7C15L, intervalNanos);
        Handle handle = new Handle(host, mac, intervalNanos, phase, timeout, listener, options.port());
        added.add(handle);
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        return handle;
    }

    /** When the kick loop last ran; liveness fails when it stops. */
    public long lastTickNanos() {
        return lastTick;
    }

    /** How many acknowledgements came from another address than the one kicked and were dropped. */
    long foreignReplies() {
        return foreignReplies;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
    }

    private void loop() {
        while (!closed) {
            long now = System.nanoTime();
            lastTick = now;
            try {
                runTick(now);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "the kick loop failed in a tick; it goes on", e);
            }
            if (onWheel == 0 && added.isEmpty()) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            } else {
                long next = origin + (Math.floorDiv(System.nanoTime() - origin, TICK_NANOS) + 1) * TICK_NANOS;
                LockSupport.parkNanos(this, next - System.nanoTime());
            }
        }
    }

    /** One pass at time {@code now}: acknowledgements, new pairs, every bucket up to now; then the meters. */
    void runTick(long now) {
        long tick = Math.floorDiv(now - origin, TICK_NANOS);
        readReplies();
        for (Handle h; (h = added.poll()) != null; ) {
            if (!h.cancelled) {
                register(h);
                h.planned = now;
                fire(h, now);
                insert(h);
            }
        }
        if (tick - handledTick > WHEEL) {
            handledTick = tick - WHEEL;   // each bucket once: everything in it is due by now
        }
        while (handledTick < tick) {
            handledTick++;
            handleBucket(handledTick, now);
            if ((handledTick & 15) == 0 && handledTick < tick) {
                readReplies();   // catching up after a stall: the acknowledgements must not overflow the socket
            }
        }
        flushMeters();
    }

    private void handleBucket(long tick, long now) {
        int index = (int) (tick & (WHEEL - 1));
        Handle h = wheel[index];
        wheel[index] = null;
        while (h != null) {
            Handle next = h.wheelNext;
            h.wheelNext = null;
            onWheel--;
            visit(h, tick, now);
            h = next;
        }
    }

    private void visit(Handle h, long tick, long now) {
        if (h.awaiting && h.deadlineTick <= tick) {
            timedOut(h, now);
        }
        if (h.cancelled) {
            if (!h.awaiting) {
                unregister(h);
                return;
            }
        } else if (h.dueTick <= tick) {
            fire(h, now);
        }
        insert(h);
    }

    /** Puts a handle into the bucket of its next event: its next kick, or the end of its kick's wait if earlier. */
    private void insert(Handle h) {
        long at = h.cancelled ? h.deadlineTick : h.awaiting ? Math.min(h.dueTick, h.deadlineTick) : h.dueTick;
        // never into a bucket already handled in this turn of the wheel
        at = Math.max(at, handledTick + 1);
        int index = (int) (at & (WHEEL - 1));
        h.wheelNext = wheel[index];
        wheel[index] = h;
        onWheel++;
    }

    /** Sends the pair's kick planned for {@code h.planned} and plans the next one. */
    private void fire(Handle h, long now) {
        if (h.awaiting) {
            // the previous kick's attempts end here: the device did not answer it within the interval
            h.awaiting = false;
            failed(h, h.noReply);
        }
        if (h.onSlot) {
            metrics.kickDeviation(now - h.planned);
        }
        sentInTick++;
        h.retriesLeft = options.retries();
        send(h, now);
        long slot = nextSlot(h, h.planned, now);
        h.planned = slot;
        h.onSlot = true;
        h.dueTick = tickAtOrAfter(slot);
    }

    private void send(Handle h, long now) {
        String error = transport.send(h.datagram, h.target);
        if (error == null) {
            h.awaiting = true;
            h.deadlineTick = tickAtOrAfter(now + h.timeoutNanos);
        } else {
            h.awaiting = false;
            failed(h, error);
        }
    }

    private void timedOut(Handle h, long now) {
        if (h.retriesLeft > 0) {
            h.retriesLeft--;
            send(h, now);
        } else {
            h.awaiting = false;
            failed(h, h.noReply);
        }
    }

    private void failed(Handle h, String detail) {
        failedInTick++;
        tell(h, false, detail);
    }

    private void tell(Handle h, boolean answered, String detail) {
        try {
            h.listener.kicked(answered, detail);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "handling the outcome of a kick of " + h.mac + " failed", e);
        }
    }

    /**
     * The next slot of this pair's phase. Normally one interval after the planned one; the first kick (sent at once)
     * is followed by the first phase slot at least half an interval later; a loop that fell more than an interval
     * behind skips the missed slots rather than kicking in a burst.
     */
    private long nextSlot(Handle h, long plannedNanos, long now) {
        long slot = slotAtOrAfter(h, plannedNanos + h.intervalNanos / 2);
        if (slot <= now) {
            long caughtUp = slotAtOrAfter(h, now + 1);
            missedInTick += (caughtUp - slot) / h.intervalNanos;
            slot = caughtUp;
        }
        return slot;
    }

    private long slotAtOrAfter(Handle h, long t) {
        long base = origin + h.phase;
        long k = Math.floorDiv(t - base + h.intervalNanos - 1, h.intervalNanos);
        return base + k * h.intervalNanos;
    }

    /** The first tick that starts at or after {@code t}: a kick handled in it never leaves early. */
    private long tickAtOrAfter(long t) {
        return Math.floorDiv(t - origin + TICK_NANOS - 1, TICK_NANOS);
    }

    private void readReplies() {
        while (true) {
            received.clear();
            InetSocketAddress from;
            try {
                from = transport.receive(received);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "receiving kick acknowledgements failed", e);
                }
                return;
            }
            if (from == null) {
                return;
            }
            try {
                reply(received.array(), received.position(), from);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "handling a kick acknowledgement from " + from + " failed", e);
            }
        }
    }

    private void reply(byte[] datagram, int length, InetSocketAddress from) {
        long mac = kickAcknowledgement(datagram, length);
        if (mac < 0) {
            // not an acknowledgement of a kick: only decoded to say what it was
            try {
                Gbl4Reply reply = Gbl4Frames.decodeReply(datagram, length);
                LOG.log(System.Logger.Level.DEBUG, "ignoring a {0} reply from {1} on the kick socket",
                        reply.command(), from);
            } catch (Gbl4DecodeException e) {
                LOG.log(System.Logger.Level.DEBUG, "skipping datagram from {0}: {1}", from, e.getMessage());
            }
            return;
        }
        InetAddress sender = from.getAddress();
        boolean waited = false;
        for (Handle h = byMac.get(mac); h != null; h = h.sameMac) {
            if (h.awaiting) {
                if (h.host.equals(sender)) {
                    h.awaiting = false;
                    answeredInTick++;
                    tell(h, true, "acknowledged");
                    return;
                }
                waited = true;
            }
        }
        if (waited) {
            foreign(macAddress(mac), sender);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "ignoring a kick acknowledgement of {0} from {1}: no kick waits for it",
                    macAddress(mac), from);
        }
    }

    /**
     * The MAC (48 bits) of a valid KICK_WDOG reply, without decoding objects: as long as a kick, with its prefix and
     * command, and a correct XOR checksum (what {@link Gbl4Frames#decodeReply} accepts as a KickAck). -1 otherwise.
     */
    private long kickAcknowledgement(byte[] d, int length) {
        if (length != kickTemplate.length || Gbl4Frames.checksum(d, length - 1) != (d[length - 1] & 0xff)) {
            return -1;
        }
        for (int i = 0; i < MAC_OFFSET; i++) {
            if (d[i] != kickTemplate[i]) {
                return -1;
            }
        }
        return macKey(d, MAC_OFFSET);
    }

    private static long macKey(byte[] octets, int from) {
        long key = 0;
        for (int i = from; i < from + 6; i++) {
            key = key << 8 | (octets[i] & 0xff);
        }
        return key;
    }

    private static MacAddress macAddress(long key) {
        byte[] octets = new byte[6];
        for (int i = 5; i >= 0; i--) {
            octets[i] = (byte) key;
            key >>>= 8;
        }
        return MacAddress.of(octets);
    }

    /** A reply from an address that was not kicked: a forgery or a misconfigured device; never taken as an answer. */
    private void foreign(MacAddress mac, InetAddress sender) {
        long count = ++foreignReplies;
        // Counted always, logged rarely: a flood of forged datagrams must not become a flood of log lines.
        if (Long.bitCount(count) == 1) {
            LOG.log(System.Logger.Level.WARNING, "dropped a KICK_WDOG reply for {0} from {1}, which was not asked "
                    + "({2} such replies so far)", mac, sender.getHostAddress(), count);
        }
    }

    private void register(Handle h) {
        Handle first = byMac.get(h.macKey);
        if (first == null) {
            byMac.put(h.macKey, h);
        } else {
            Handle last = first;
            while (last.sameMac != null) {
                last = last.sameMac;
            }
            last.sameMac = h;
        }
    }

    private void unregister(Handle h) {
        Handle first = byMac.get(h.macKey);
        if (first == h) {
            if (h.sameMac == null) {
                byMac.remove(h.macKey);
            } else {
                byMac.put(h.macKey, h.sameMac);
            }
        } else {
            for (Handle p = first; p != null; p = p.sameMac) {
                if (p.sameMac == h) {
                    p.sameMac = h.sameMac;
                    break;
                }
            }
        }
        h.sameMac = null;
    }

    private void flushMeters() {
        if (sentInTick > 0) {
            metrics.kicksSent(sentInTick);
            sentInTick = 0;
        }
        if (answeredInTick > 0) {
            metrics.kicksAnswered(answeredInTick);
            answeredInTick = 0;
        }
        if (failedInTick > 0) {
            metrics.kicksFailed(failedInTick);
            failedInTick = 0;
        }
        if (missedInTick > 0) {
            metrics.kicksMissed(missedInTick);
            missedInTick = 0;
        }
    }

    /** One device's kicks; cancel to stop them (a kick already sent still reports its outcome). */
    public static final class Handle {
        private final InetAddress host;
        private final MacAddress mac;
        private final long macKey;
        private final InetSocketAddress target;
        private final byte[] datagram;
        private final long intervalNanos;
        private final long phase;
        private final long timeoutNanos;
        private final Listener listener;
        /** What an unanswered kick reports: made once, not per kick. */
        private final String noReply;
        private volatile boolean cancelled;
        // The rest is only touched by the kick loop.
        private Handle wheelNext;
        private Handle sameMac;
        private long planned;
        private boolean onSlot;
        private long dueTick;
        private boolean awaiting;
        private long deadlineTick;
        private int retriesLeft;

        private Handle(InetAddress host, MacAddress mac, long intervalNanos, long phase, Duration timeout,
                Listener listener, int port) {
            this.host = host;
            this.mac = mac;
            this.target = new InetSocketAddress(host, port);
            this.datagram = Gbl4Frames.encode(new Gbl4Request.Kick(mac));
            this.macKey = macKey(datagram, MAC_OFFSET);
            this.intervalNanos = intervalNanos;
            this.phase = phase;
            this.timeoutNanos = timeout.toNanos();
            this.listener = listener;
            this.noReply = DeviceIoException.timeout("no reply from " + mac + " at " + host.getHostAddress(),
                    timeout, null).getMessage();
        }

        public void cancel() {
            cancelled = true;
        }
    }
}
