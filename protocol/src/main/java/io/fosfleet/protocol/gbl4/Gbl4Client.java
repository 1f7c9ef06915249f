package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.DeviceIoException.Kind;
import io.fosfleet.protocol.MacAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asynchronous GBL4 client: one UDP socket for any number of requests in flight to any number of devices, each reply
 * matched to its request by command, MAC and sender address.
 *
 * <p>GBL4 has no authentication: anyone on the network can send a datagram that looks like a reply. A reply to a
 * unicast request (ping, kick, netconf, reset, flash, a scan of one host) is therefore only taken from the address
 * that was asked; a reply from any other address is dropped and counted ({@link #foreignReplies()}). A broadcast
 * scan accepts every responder and reports a MAC that answered from more than one address
 * ({@link ScanResult#duplicates()}).
 *
 * <p>Futures complete with {@link DeviceIoException} (wrapped in a {@link CompletionException}
 * when joined); a request without a reply fails with kind {@link Kind#TIMEOUT}. Callbacks attached to the futures run
 * on the common fork-join pool, never on the socket's receiver thread, so a slow callback cannot delay other replies.
 */
public final class Gbl4Client implements AutoCloseable {

    /** The UDP port every berofos listens on. */
    public static final int PORT = 50123;
    private static final InetAddress LIMITED_BROADCAST = broadcastAddress();

    private static final System.Logger LOG = System.getLogger(Gbl4Client.class.getName());
    /** Asked for so that the replies of a whole fleet's kicks fit while the receiver catches up; the kernel may cap it. */
    private static final int RECEIVE_BUFFER = 4 << 20;

    /**
     * How one operation talks to the device.
     *
     * @param timeout how long to wait for a reply; a scan collects replies for this long
     * @param retries how many times a ping, kick, scan or netconf read is sent again after a timeout; requests that
     *     change the device (netconf, reset, flash) are never repeated
     * @param port the device's UDP port, {@link #PORT} except for simulators and tests
     */
    public record Options(Duration timeout, int retries, int port) {

        public Options {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more, was " + retries);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
        }

        /** As the reference tool: 3 s, no retransmission, port 50123. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), 0, PORT);
        }

        public Options withTimeout(Duration timeout) {
            return new Options(timeout, retries, port);
        }

        public Options withRetries(int retries) {
            return new Options(timeout, retries, port);
        }

        public Options withPort(int port) {
            return new Options(timeout, retries, port);
        }
    }

    /** Told after each flash page the device acknowledged. */
    @FunctionalInterface
    public interface FlashProgress {
        /**
         * @param page how many pages are flashed so far, 1 after the first
         * @param totalPages how many pages the image has
         */
        void pageSent(int page, int totalPages);
    }

    private final DatagramChannel channel;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Executor callbacks = ForkJoinPool.commonPool();
    private final Thread receiver;
    /** Requests waiting for a reply, oldest first; each queue is only touched inside the map's compute methods. */
    private final Map<Match, ArrayDeque<Exchange<?>>> pending = new ConcurrentHashMap<>();
    private final Set<Scan> scans = ConcurrentHashMap.newKeySet();
    private final AtomicLong foreignReplies = new AtomicLong();
    private volatile boolean closed;

    private Gbl4Client(DatagramChannel channel) {
        this.channel = channel;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "gbl4-timeouts"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.receiver = daemon(this::receive, "gbl4-receiver");
        receiver.start();
    }

    /** Opens a client on an ephemeral port of every local IPv4 address, as the reference tool does. */
    public static Gbl4Client open() throws IOException {
        return open(new InetSocketAddress(0));
    }

    /** Opens a client on the given local address (port 0 for an ephemeral one). */
    public static Gbl4Client open(InetSocketAddress bindAddress) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(bindAddress);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new Gbl4Client(channel);
    }

    /** Sends the watchdog's magic packet; completes when the device echoes it. */
    public CompletableFuture<Gbl4Reply.KickAck> kick(InetAddress host, MacAddress mac, Options o) {
        return exchange(host, new Gbl4Request.Kick(mac), o, o.retries(), Gbl4Reply.KickAck.class);
    }

    public CompletableFuture<Gbl4Reply.Pong> ping(InetAddress host, MacAddress mac, Options o) {
        return exchange(host, new Gbl4Request.Ping(mac), o, o.retries(), Gbl4Reply.Pong.class);
    }

    /**
     * Discovers devices: sends GET_NETCONF to a host or a broadcast address and collects every berofos reply until the
     * timeout (after each retry's timeout when retries are set). Completes with one entry per MAC, in order of arrival,
     * empty when nothing answered. Replies from other hardware and datagrams that are not valid replies are skipped.
     * Scans running at the same time each see every reply.
     *
     * <p>The address is a broadcast when it is 255.255.255.255 or the broadcast address of one of this machine's
     * interfaces: then every responder counts. Otherwise only replies from that address count.
     */
    public CompletableFuture<ScanResult> scan(InetAddress hostOrBroadcast, Options o) {
        return scan(hostOrBroadcast, isBroadcast(hostOrBroadcast), o);
    }

    /** How many replies came from another address than the one asked and were dropped, since the client opened. */
    public long foreignReplies() {
        return foreignReplies.get();
    }

    /** A scan that accepts replies from any address ({@code broadcast}) or only from the one asked. */
    CompletableFuture<ScanResult> scan(InetAddress hostOrBroadcast, boolean broadcast, Options o) {
        InetSocketAddress target = target(hostOrBroadcast, o);
        Scan scan = new Scan(broadcast ? null : target.getAddress());
        if (!openOrFail(scan.result)) {
            return scan.result;
        }
        scans.add(scan);
        scan.result.whenComplete((r, e) -> scans.remove(scan));
        byte[] datagram = Gbl4Frames.encode(new Gbl4Request.Scan());
        long timeoutNanos = o.timeout().toNanos();
        send(datagram, target, scan.result);
        for (int retry = 1; retry <= o.retries(); retry++) {
            schedule(() -> {
                if (!scan.result.isDone()) {
                    send(datagram, target, scan.result);
                }
            }, retry * timeoutNanos, scan.result);
        }
        schedule(() -> scan.finish(callbacks), (o.retries() + 1) * timeoutNanos, scan.result);
        return scan.result;
    }

    /** Reads one device's identity and network settings (its first reply). */
    public CompletableFuture<DeviceInfo> getNetconf(InetAddress host, MacAddress mac, Options o) {
        Match match = new Match(Gbl4Command.GET_NETCONF, Objects.requireNonNull(mac, "mac"));
        return start(host, match, Gbl4Frames.encode(new Gbl4Request.Scan()), o, o.retries(),
                Gbl4Reply.NetconfInfo.class).thenApply(Gbl4Reply.NetconfInfo::info);
    }

    /** Writes network settings; the device applies them when it restarts. */
    public CompletableFuture<Void> setNetconf(InetAddress host, MacAddress mac, NetConf netConf, Options o) {
        return exchange(host, new Gbl4Request.SetNetconf(mac, netConf), o, 0, Gbl4Reply.SetNetconfAck.class)
                .thenApply(ack -> requireNoError(ack.errcode()));
    }

    /** Factory reset: erases firmware and settings. The reference tool waits 8 s for this one; pass that timeout. */
    public CompletableFuture<Void> reset(InetAddress host, MacAddress mac, Options o) {
        return exchange(host, new Gbl4Request.Reset(mac), o, 0, Gbl4Reply.ResetAck.class)
                .thenApply(ack -> requireNoError(ack.errcode()));
    }

    /**
     * Flashes a firmware image into a device in flash mode: checks the mode, announces the image (pages and XOR
     * checksum), then sends the 512-byte pages one at a time, each after the previous one was acknowledged; the last
     * page is padded with zeros.
     */
    public CompletableFuture<Void> flash(InetAddress host, MacAddress mac, byte[] image, FlashProgress progress,
            Options o) {
        Objects.requireNonNull(progress, "progress");
        int pageSize = Gbl4Request.FlashPage.PAGE_SIZE;
        int totalPages = (image.length + pageSize - 1) / pageSize;
        if (totalPages == 0 || totalPages > 0xffff) {
            throw new IllegalArgumentException("a firmware image has 1 to " + 0xffff * pageSize + " bytes, this one "
                    + image.length);
        }
        byte[] copy = image.clone();
        Gbl4Request.FlashPrep prep = new Gbl4Request.FlashPrep(mac, totalPages, Gbl4Frames.checksum(copy, copy.length));
        CompletableFuture<Void> done = new CompletableFuture<>();
        getNetconf(host, mac, o).thenCompose(info -> {
            if (!info.flashMode()) {
                throw failure(Kind.WRONG_DEVICE_MODE, "Device not in flashmode!");
            }
            return exchange(host, prep, o, 0, Gbl4Reply.FlashPrepAck.class);
        }).thenAccept(ack -> {
            if (ack.numPages() != prep.numPages() || ack.crc() != prep.crc()) {
                throw failure(Kind.BAD_REPLY, String.format("Device echoed flash preparation for %d pages crc 0x%02x, "
                        + "sent %d pages crc 0x%02x", ack.numPages(), ack.crc(), prep.numPages(), prep.crc()));
            }
            flashPage(host, mac, copy, 0, progress, o, done);
        }).exceptionally(e -> {
            done.completeExceptionally(unwrap(e));
            return null;
        });
        return done;
    }

    /** Sends page {@code index}, then (on its acknowledgement) the next one, until {@code done}; no nesting of futures. */
    private void flashPage(InetAddress host, MacAddress mac, byte[] image, int index, FlashProgress progress,
            Options o, CompletableFuture<Void> done) {
        int pageSize = Gbl4Request.FlashPage.PAGE_SIZE;
        int totalPages = (image.length + pageSize - 1) / pageSize;
        int from = index * pageSize;
        byte[] data = Arrays.copyOf(Arrays.copyOfRange(image, from, Math.min(image.length, from + pageSize)), pageSize);
        exchange(host, new Gbl4Request.FlashPage(mac, index, data), o, 0, Gbl4Reply.FlashPageAck.class)
                .whenComplete((ack, e) -> {
                    if (e != null) {
                        done.completeExceptionally(unwrap(e));
                    } else if (ack.page() != index) {
                        done.completeExceptionally(new DeviceIoException(Kind.BAD_REPLY,
                                "Device acknowledged flash page " + ack.page() + ", expected " + index));
                    } else {
                        try {
                            progress.pageSent(index + 1, totalPages);
                        } catch (RuntimeException callbackFailure) {
                            done.completeExceptionally(callbackFailure);
                            return;
                        }
                        if (index + 1 == totalPages) {
                            done.complete(null);
                        } else {
                            flashPage(host, mac, image, index + 1, progress, o, done);
                        }
                    }
                });
    }

    /** Cancels every request and scan still waiting, stops the receiver and closes the socket. */
    @Override
    public void close() {
        closed = true;
        List<Exchange<?>> waiting = new ArrayList<>();
        for (Match match : pending.keySet()) {
            pending.computeIfPresent(match, (k, queue) -> {
                waiting.addAll(queue);
                return queue;
            });
        }
        // Cancelled outside the map's locks: cancelling removes each exchange from the map.
        waiting.forEach(x -> x.future.cancel(false));
        scans.forEach(s -> s.result.cancel(false));
        // Only now, so that what was waiting ends cancelled rather than failed by the closed socket.
        scheduler.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the GBL4 socket failed", e);
        }
    }

    private <R extends Gbl4Reply> CompletableFuture<R> exchange(InetAddress host, Gbl4Request request, Options o,
            int retries, Class<R> replyType) {
        Match match = new Match(request.command(), request.target().orElseThrow());
        return start(host, match, Gbl4Frames.encode(request), o, retries, replyType);
    }

    private <R extends Gbl4Reply> CompletableFuture<R> start(InetAddress host, Match match, byte[] datagram, Options o,
            int retries, Class<R> replyType) {
        Exchange<R> x = new Exchange<>(match, replyType, datagram, target(host, o), o.timeout(), retries);
        if (!openOrFail(x.future)) {
            return x.future;
        }
        // However it ends (reply, timeout, send failure, cancellation), it stops waiting.
        x.future.whenComplete((r, e) -> {
            forget(x);
            ScheduledFuture<?> timer = x.timer;
            if (timer != null) {
                timer.cancel(false);
            }
        });
        pending.compute(match, (k, queue) -> {
            ArrayDeque<Exchange<?>> q = queue == null ? new ArrayDeque<>() : queue;
            q.add(x);
            return q;
        });
        attempt(x);
        return x.future;
    }

    /** False, with the future failed, once the client is closed. */
    private boolean openOrFail(CompletableFuture<?> future) {
        if (closed) {
            future.completeExceptionally(new IllegalStateException("the GBL4 client is closed"));
            return false;
        }
        return true;
    }

    private void attempt(Exchange<?> x) {
        x.timer = schedule(() -> timedOut(x), x.timeout.toNanos(), x.future);
        if (x.timer != null) {
            send(x.datagram, x.target, x.future);
        }
    }

    /** Schedules a step of an operation; when the client is closed meanwhile, fails the operation instead. */
    private ScheduledFuture<?> schedule(Runnable step, long delayNanos, CompletableFuture<?> operation) {
        try {
            return scheduler.schedule(step, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            operation.completeExceptionally(new IllegalStateException("the GBL4 client is closed"));
            return null;
        }
    }

    private void timedOut(Exchange<?> x) {
        if (x.future.isDone()) {
            return;
        }
        if (x.retriesLeft > 0) {
            x.retriesLeft--;
            LOG.log(System.Logger.Level.DEBUG, "no {0} reply from {1} at {2}, sending again", x.match.command(),
                    x.match.mac(), x.target);
            attempt(x);
            return;
        }
        callbacks.execute(() -> x.future.completeExceptionally(DeviceIoException.timeout("no reply from "
                + x.match.mac() + " at " + x.target.getAddress().getHostAddress(), x.timeout, null)));
    }

    private void send(byte[] datagram, InetSocketAddress target, CompletableFuture<?> future) {
        try {
            channel.send(ByteBuffer.wrap(datagram), target);
        } catch (PortUnreachableException e) {
            // An ICMP answer to an earlier datagram; nothing listens there, which the timeout reports.
            LOG.log(System.Logger.Level.DEBUG, "port unreachable reported while sending to {0}", target);
        } catch (ClosedChannelException e) {
            future.completeExceptionally(new IllegalStateException("the GBL4 client is closed"));
        } catch (IOException e) {
            future.completeExceptionally(new DeviceIoException(Kind.UNREACHABLE,
                    "cannot send to " + target.getAddress().getHostAddress() + ": " + e.getMessage(), e));
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (!closed) {
            buffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(buffer);
            } catch (PortUnreachableException e) {
                continue;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "receiving GBL4 replies failed", e);
                }
                continue;
            }
            try {
                dispatch(buffer.array(), buffer.position(), from);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "handling a GBL4 reply from " + from + " failed", e);
            }
        }
    }

    private void dispatch(byte[] datagram, int length, SocketAddress from) {
        Gbl4Reply reply;
        try {
            reply = Gbl4Frames.decodeReply(datagram, length);
        } catch (Gbl4DecodeException e) {
            LOG.log(System.Logger.Level.DEBUG, "skipping datagram from {0}: {1}", from, e.getMessage());
            return;
        }
        InetAddress sender = ((InetSocketAddress) from).getAddress();
        boolean scanned = false;
        boolean scanning = false;
        if (reply instanceof Gbl4Reply.NetconfInfo info) {
            for (Scan s : scans) {
                scanning = true;
                scanned |= s.offer(info.info(), sender);
            }
        }
        Match match = new Match(reply.command(), reply.mac());
        Exchange<?> x = take(match, sender);
        if (x == null && !scanned && (scanning || pending.containsKey(match))) {
            foreign(reply, sender);
        } else if (x != null) {
            ScheduledFuture<?> timer = x.timer;
            if (timer != null) {
                // Null only while a late reply to an earlier identical request beats the timer's creation.
                timer.cancel(false);
            }
            callbacks.execute(() -> x.complete(reply));
        } else if (!scanned) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring {0} reply from {1} ({2}): no request waits for it",
                    reply.command(), reply.mac(), from);
        }
    }

    /**
     * The oldest request to {@code sender} still waiting for this reply, removed from the waiting list; null when
     * none.
     */
    private Exchange<?> take(Match match, InetAddress sender) {
        List<Exchange<?>> taken = new ArrayList<>(1);
        pending.computeIfPresent(match, (k, queue) -> {
            for (Exchange<?> x : queue) {
                if (x.target.getAddress().equals(sender)) {
                    queue.remove(x);
                    taken.add(x);
                    break;
                }
            }
            return queue.isEmpty() ? null : queue;
        });
        return taken.isEmpty() ? null : taken.get(0);
    }

    /** A reply from an address that was not asked: a forgery or a misconfigured device; never taken as an answer. */
    private void foreign(Gbl4Reply reply, InetAddress sender) {
        long count = foreignReplies.incrementAndGet();
        // Counted always, logged rarely: a flood of forged datagrams must not become a flood of log lines.
        if (Long.bitCount(count) == 1) {
            LOG.log(System.Logger.Level.WARNING, "dropped a {0} reply for {1} from {2}, which was not asked "
                    + "({3} such replies so far)", reply.command(), reply.mac(), sender.getHostAddress(), count);
        }
    }

    /** 255.255.255.255 or a broadcast address of one of this machine's interfaces. */
    private static boolean isBroadcast(InetAddress address) {
        if (address.equals(LIMITED_BROADCAST)) {
            return true;
        }
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            for (NetworkInterface nic : interfaces == null ? List.<NetworkInterface>of()
                    : Collections.list(interfaces)) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (address.equals(a.getBroadcast())) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list the network interfaces: {0}", e.getMessage());
        }
        return false;
    }

    private void forget(Exchange<?> x) {
        pending.computeIfPresent(x.match, (k, queue) -> {
            queue.remove(x);
            return queue.isEmpty() ? null : queue;
        });
    }

    private static InetSocketAddress target(InetAddress host, Options o) {
        if (!(Objects.requireNonNull(host, "host") instanceof Inet4Address)) {
            throw new IllegalArgumentException("GBL4 devices have IPv4 addresses, not " + host.getHostAddress());
        }
        return new InetSocketAddress(host, o.port());
    }

    private static Void requireNoError(int errcode) {
        if (errcode != 0) {
            throw failure(Kind.DEVICE_ERROR, "Device reported error code " + errcode);
        }
        return null;
    }

    private static CompletionException failure(Kind kind, String message) {
        return new CompletionException(new DeviceIoException(kind, message));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static InetAddress broadcastAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {-1, -1, -1, -1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** What a reply must carry to answer a request. */
    private record Match(Gbl4Command command, MacAddress mac) {
    }

    /** One request waiting for its reply. */
    private static final class Exchange<R extends Gbl4Reply> {
        final Match match;
        final Class<R> replyType;
        final byte[] datagram;
        final InetSocketAddress target;
        final Duration timeout;
        final CompletableFuture<R> future = new CompletableFuture<>();
        /** Only the scheduler thread changes it (in {@link #timedOut}). */
        int retriesLeft;
        volatile ScheduledFuture<?> timer;

        Exchange(Match match, Class<R> replyType, byte[] datagram, InetSocketAddress target, Duration timeout,
                int retries) {
            this.match = match;
            this.replyType = replyType;
            this.datagram = datagram;
            this.target = target;
            this.timeout = timeout;
            this.retriesLeft = retries;
        }

        /** The reply's command is the request's, so its decoded type is the one asked for. */
        void complete(Gbl4Reply reply) {
            future.complete(replyType.cast(reply));
        }
    }

    /** One scan collecting replies until its end. */
    private static final class Scan {
        final CompletableFuture<ScanResult> result = new CompletableFuture<>();
        /** The only address whose replies count; null for a broadcast scan. */
        private final InetAddress only;
        private final Map<MacAddress, DeviceInfo> found = new LinkedHashMap<>();
        private final Map<MacAddress, Set<InetAddress>> senders = new HashMap<>();

        Scan(InetAddress only) {
            this.only = only;
        }

        /** Takes a reply; false when it came from an address this scan did not ask. */
        synchronized boolean offer(DeviceInfo info, InetAddress sender) {
            if (only != null && !only.equals(sender)) {
                return false;
            }
            if (info.isBerofos()) {
                found.putIfAbsent(info.mac(), info);
                senders.computeIfAbsent(info.mac(), m -> new LinkedHashSet<>()).add(sender);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "scan skips {0}: hwmagic 0x{1} is not a berofos", info.mac(),
                        Integer.toHexString(info.hwmagic()));
            }
            return true;
        }

        void finish(Executor callbacks) {
            List<ScanResult.Found> devices = new ArrayList<>();
            synchronized (this) {
                found.forEach((mac, info) -> devices.add(new ScanResult.Found(info, senders.get(mac))));
            }
            callbacks.execute(() -> result.complete(new ScanResult(devices)));
        }
    }
}
