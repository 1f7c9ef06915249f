package io.fosfleet.heartbeat.kick;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kick loop's scheduling with a clock the test moves: {@link KickScheduler#runTick} is called for every
 * millisecond (or after a jump, as after a stall), and the socket is a recorder whose acknowledgements the test sends.
 */
class KickSchedulingTest {

    private static final long MS = 1_000_000L;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    /** Sends recorded with the test's clock; datagrams queued for the loop to read. */
    private final class Recorder implements KickScheduler.Transport {
        final List<Sent> sent = new ArrayList<>();
        final ArrayDeque<Sent> incoming = new ArrayDeque<>();

        @Override
        public String send(byte[] datagram, InetSocketAddress target) {
            sent.add(new Sent(now, target.getAddress(), datagram.clone()));
            return null;
        }

        @Override
        public InetSocketAddress receive(ByteBuffer buffer) {
            Sent d = incoming.poll();
            if (d == null) {
                return null;
            }
            buffer.put(d.datagram());
            return new InetSocketAddress(d.host(), Gbl4Client.PORT);
        }

        @Override
        public void close() {
        }

        /** The device at {@code from} echoes a kick: an exact echo is a valid acknowledgement. */
        void echo(Sent kick, InetAddress from) {
            incoming.add(new Sent(now, from, kick.datagram()));
        }

        List<Sent> to(InetAddress host) {
            return sent.stream().filter(s -> s.host().equals(host)).toList();
        }
    }

    private record Sent(long at, InetAddress host, byte[] datagram) {
    }

    private record Outcome(long at, boolean answered, String detail) {
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Recorder socket = new Recorder();
    private long now = 1_000 * MS;
    private int echoed;

    private KickScheduler scheduler(Duration timeout, int retries) {
        return new KickScheduler(socket, Gbl4Client.Options.defaults().withTimeout(timeout).withRetries(retries),
                new HeartbeatMetrics(registry), 0, false);
    }

    /** Runs the loop once per millisecond until {@code until}. */
    private void runUntil(KickScheduler s, long until) {
        while (now < until) {
            now += MS;
            s.runTick(now);
        }
    }

    /** As {@link #runUntil}, every device acknowledging each kick at once (read in the next tick). */
    private void runAnswered(KickScheduler s, long until) {
        while (now < until) {
            answerAll();
            now += MS;
            s.runTick(now);
        }
    }

    /** Every device echoes the kicks sent to it so far. */
    private void answerAll() {
        for (; echoed < socket.sent.size(); echoed++) {
            socket.echo(socket.sent.get(echoed), socket.sent.get(echoed).host());
        }
    }

    private static InetAddress host(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 77, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MacAddress mac(int n) {
        return MacAddress.of(new byte[] {0, 0x19, 0x32, 0, (byte) (n >> 8), (byte) n});
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void kicksAtOnceThenOnItsPhaseEveryIntervalNeverEarlyAndWithinTheTick() {
        KickScheduler s = scheduler(Duration.ofMillis(500), 1);
        List<Outcome> outcomes = new ArrayList<>();
        long started = now;
        s.start("pair-a", host(1), mac(1), INTERVAL, (ok, detail) -> outcomes.add(new Outcome(now, ok, detail)));
        s.runTick(now);
        runAnswered(s, now + 5_000 * MS);

        List<Sent> kicks = socket.to(host(1));
        assertThat(kicks.get(0).at()).isEqualTo(started);
        // the first phase slot: at least half an interval after the first kick, at most one and a half
        assertThat(kicks.get(1).at() - kicks.get(0).at()).isBetween(INTERVAL.toNanos() / 2,
                INTERVAL.toNanos() * 3 / 2);
        for (int i = 2; i < kicks.size(); i++) {
            assertThat(kicks.get(i).at() - kicks.get(i - 1).at()).isEqualTo(INTERVAL.toNanos());
        }
        assertThat(kicks).hasSizeBetween(5, 6);
        // the last kick's echo may still wait on the socket
        assertThat(outcomes.size()).isBetween(kicks.size() - 1, kicks.size());
        assertThat(outcomes).allMatch(Outcome::answered);
        // on its slot or less than one tick after it, never before
        var deviation = registry.get("fosfleet.heartbeat.kick.deviation").timer();
        assertThat(deviation.count()).isEqualTo(kicks.size() - 1);
        assertThat(deviation.max(TimeUnit.NANOSECONDS)).isLessThan(MS);
        assertThat(counter("fosfleet.heartbeat.kicks.sent")).isEqualTo(kicks.size());
        assertThat(counter("fosfleet.heartbeat.kicks.missed")).isZero();
    }

    @Test
    void pairsSpreadOverTheIntervalAndEachIsKickedOncePerInterval() {
        KickScheduler s = scheduler(Duration.ofMillis(500), 1);
        for (int i = 0; i < 2_000; i++) {
            s.start("pair-" + i, host(i), mac(i), INTERVAL, (ok, detail) -> { });
        }
        s.runTick(now);
        runAnswered(s, now + 2 * INTERVAL.toNanos());
        int before = socket.sent.size();
        long from = now;
        runAnswered(s, now + INTERVAL.toNanos());

        // one kick per pair in one interval, no millisecond carries more than a few times the average of 2
        List<Sent> window = socket.sent.subList(before, socket.sent.size());
        assertThat(window).hasSize(2_000);
        assertThat(window.stream().map(Sent::host).distinct().count()).isEqualTo(2_000);
        long[] perMs = new long[1000];
        window.forEach(k -> perMs[(int) ((k.at() - from - 1) / MS)]++);
        assertThat(java.util.Arrays.stream(perMs).max().orElseThrow()).isLessThan(15);
    }

    @Test
    void afterAStallEachPairIsKickedOnceAndReturnsToItsPhaseSkippingTheMissedSlots() {
        KickScheduler s = scheduler(Duration.ofMillis(500), 1);
        int pairs = 100;
        for (int i = 0; i < pairs; i++) {
            s.start("pair-" + i, host(i), mac(i), INTERVAL, (ok, detail) -> { });
        }
        s.runTick(now);
        runAnswered(s, now + 3 * INTERVAL.toNanos());
        List<Sent> beforeStall = new ArrayList<>(socket.to(host(7)));

        // the loop does not run for 3.5 intervals (a long GC pause), then one pass
        answerAll();
        int before = socket.sent.size();
        now += 3 * INTERVAL.toNanos() + INTERVAL.toNanos() / 2;
        s.runTick(now);

        List<Sent> catchUp = socket.sent.subList(before, socket.sent.size());
        assertThat(catchUp).hasSize(pairs);   // each pair once, not once per missed slot
        assertThat(catchUp.stream().map(Sent::host).distinct().count()).isEqualTo(pairs);
        assertThat(counter("fosfleet.heartbeat.kicks.missed")).isBetween(2.0 * pairs, 3.0 * pairs);

        runAnswered(s, now + 2 * INTERVAL.toNanos());
        List<Sent> pair7 = socket.to(host(7));
        long phase = Math.floorMod(beforeStall.get(beforeStall.size() - 1).at(), INTERVAL.toNanos());
        List<Sent> afterCatchUp = pair7.subList(beforeStall.size() + 1, pair7.size());
        assertThat(afterCatchUp).hasSize(2).allMatch(k -> Math.floorMod(k.at(), INTERVAL.toNanos()) == phase);
    }

    @Test
    void anUnansweredKickIsSentAgainAfterTheTimeoutThenReportedAndAReplyFromAnotherAddressDoesNotCount() {
        KickScheduler s = scheduler(Duration.ofMillis(300), 1);
        List<Outcome> outcomes = new ArrayList<>();
        long started = now;
        // a long interval: the next kick comes well after both attempts
        s.start("pair-a", host(1), mac(1), Duration.ofSeconds(10), (ok, detail) -> outcomes.add(new Outcome(now, ok, detail)));
        s.runTick(now);
        socket.echo(socket.sent.get(0), host(2));   // a forger (or another device) answers for it
        runUntil(s, started + 700 * MS);

        assertThat(socket.sent).hasSize(2);
        assertThat(socket.sent.get(1).at() - started).isEqualTo(300 * MS);   // the retry, after one timeout
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.answered()).isFalse();
            assertThat(o.at() - started).isEqualTo(600 * MS);   // after the retry's timeout
            assertThat(o.detail()).isEqualTo("no reply from 00:19:32:00:00:01 at 127.77.0.1 within 300 ms");
        });
        assertThat(s.foreignReplies()).isEqualTo(1);
        assertThat(counter("fosfleet.heartbeat.kicks.failed")).isEqualTo(1);
        assertThat(counter("fosfleet.heartbeat.kicks.answered")).isZero();
    }

    @Test
    void theWaitIsCappedAtHalfTheIntervalAndTheRetryIsAnsweredWithinIt() {
        KickScheduler s = scheduler(Duration.ofSeconds(3), 1);
        List<Outcome> outcomes = new ArrayList<>();
        long started = now;
        s.start("pair-c", host(1), mac(1), INTERVAL, (ok, detail) -> outcomes.add(new Outcome(now, ok, detail)));
        s.runTick(now);
        runUntil(s, started + 500 * MS);
        assertThat(socket.sent).hasSize(2);
        socket.echo(socket.sent.get(1), host(1));
        runUntil(s, started + 510 * MS);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.answered()).isTrue();
            assertThat(o.detail()).isEqualTo("acknowledged");
        });
    }

    @Test
    void afterCancelNoKickGoesOutButTheKickInFlightStillReports() {
        KickScheduler s = scheduler(Duration.ofMillis(200), 0);
        List<Outcome> outcomes = new ArrayList<>();
        KickScheduler.Handle handle = s.start("pair-a", host(1), mac(1), INTERVAL,
                (ok, detail) -> outcomes.add(new Outcome(now, ok, detail)));
        s.runTick(now);
        handle.cancel();
        runUntil(s, now + 5 * INTERVAL.toNanos());

        assertThat(socket.sent).hasSize(1);
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.answered()).isFalse());

        // a handle cancelled before its first tick never kicks
        s.start("pair-b", host(2), mac(2), INTERVAL, (ok, detail) -> { }).cancel();
        runUntil(s, now + 2 * INTERVAL.toNanos());
        assertThat(socket.sent).hasSize(1);
    }
}
