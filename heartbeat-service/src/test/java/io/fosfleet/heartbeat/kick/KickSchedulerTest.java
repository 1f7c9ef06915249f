package io.fosfleet.heartbeat.kick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KickSchedulerTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private static Simulator sim;
    private static DeviceSpec device;
    private static Gbl4Client client;
    private static SimpleMeterRegistry registry;
    private static KickScheduler kicks;

    @BeforeAll
    static void start() throws Exception {
        device = DeviceSpec.rack(1, SimulatorConfig.randomLoopbackBlock(), MacAddress.parse("00:19:32:00:0a:01"), 8080,
                Map.of()).get(0);
        sim = Simulator.start(SimulatorConfig.of(List.of(device)));
        client = Gbl4Client.open();
        registry = new SimpleMeterRegistry();
        // The first exchange of a JVM loads the codec and the simulator's handlers: longer than half an interval.
        client.kick(device.address().toInetAddress(), device.mac(), Gbl4Client.Options.defaults()).join();
        kicks = KickScheduler.open(Gbl4Client.Options.defaults().withTimeout(Duration.ofSeconds(3)),
                new HeartbeatMetrics(registry));
    }

    @AfterAll
    static void stop() {
        kicks.close();
        client.close();
        sim.close();
    }

    private record Kick(long atNanos, boolean answered, String detail) {
    }

    @Test
    void theFirstKickGoesOutAtOnceThenOneEveryIntervalUntilCancelled() throws Exception {
        List<Kick> seen = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();

        KickScheduler.Handle handle = kicks.start("fos-a", device.address().toInetAddress(), device.mac(), INTERVAL,
                (answered, detail) -> seen.add(new Kick(System.nanoTime(), answered, detail)));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 6);
        handle.cancel();
        assertThat(seen).allMatch(Kick::answered);
        assertThat(Duration.ofNanos(seen.get(0).atNanos() - started)).isLessThan(INTERVAL);
        for (int i = 2; i < 6; i++) {
            // On the phase after the first: the interval apart (as acknowledged), give or take a busy test machine.
            assertThat(Duration.ofNanos(seen.get(i).atNanos() - seen.get(i - 1).atNanos()))
                    .isBetween(INTERVAL.minusMillis(150), INTERVAL.plusMillis(150));
        }
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
        int afterCancel = seen.size();
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
        assertThat(seen).hasSize(afterCancel);
        assertThat(registry.get("fosfleet.heartbeat.kick.deviation").timer().count()).isPositive();
    }

    @Test
    void anUnansweredKickFailsWithinHalfTheInterval() throws Exception {
        List<Kick> seen = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();

        KickScheduler.Handle handle = kicks.start("nobody", InetAddress.getByName("127.0.0.1"),
                MacAddress.parse("00:19:32:00:0a:ff"), INTERVAL,
                (answered, detail) -> seen.add(new Kick(System.nanoTime(), answered, detail)));

        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        handle.cancel();
        assertThat(seen.get(0).answered()).isFalse();
        assertThat(seen.get(0).detail()).contains("no reply from 00:19:32:00:0a:ff");
        assertThat(Duration.ofNanos(seen.get(0).atNanos() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
