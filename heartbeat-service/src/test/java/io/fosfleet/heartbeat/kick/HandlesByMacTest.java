package io.fosfleet.heartbeat.kick;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandlesByMacTest {

    @Test
    void findsWhatWasPutAndNothingOnceRemovedThroughGrowthAndRemovalsInRuns() throws Exception {
        KickScheduler owner = new KickScheduler(new KickScheduler.Transport() {
            @Override
            public String send(byte[] datagram, java.net.InetSocketAddress target) {
                return null;
            }

            @Override
            public java.net.InetSocketAddress receive(ByteBuffer buffer) {
                return null;
            }

            @Override
            public void close() {
            }
        }, Gbl4Client.Options.defaults(), new HeartbeatMetrics(new SimpleMeterRegistry()), 0, false);
        HandlesByMac map = new HandlesByMac();
        Map<Long, KickScheduler.Handle> expected = new HashMap<>();
        Random random = new Random(16);
        InetAddress host = InetAddress.getLoopbackAddress();
        for (int round = 0; round < 20_000; round++) {
            // consecutive MACs and random ones, so runs of neighbours form and are cut by removals
            long key = random.nextBoolean() ? 0x0019_3210_0000L + random.nextInt(3_000)
                    : random.nextLong() & 0xffff_ffff_ffffL;
            if (random.nextInt(3) == 0) {
                map.remove(key);
                expected.remove(key);
            } else {
                KickScheduler.Handle h = owner.start("k" + round, host, MacAddress.of(new byte[6]),
                        Duration.ofSeconds(1), (ok, detail) -> { });
                map.put(key, h);
                expected.put(key, h);
            }
            if (round % 1_000 == 0) {
                expected.forEach((k, v) -> assertThat(map.get(k)).isSameAs(v));
            }
        }
        assertThat(map.size()).isEqualTo(expected.size());
        expected.forEach((k, v) -> assertThat(map.get(k)).isSameAs(v));
        for (long k = 0x0019_3210_0000L; k < 0x0019_3210_0000L + 3_000; k++) {
            assertThat(map.get(k)).isSameAs(expected.get(k));
        }
    }
}
