package io.fosfleet.gateway;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several gateway replicas share a fleet through their consumer group. The replicas are the gateway's engine
 * ({@link Gateway}) started twice in this JVM: the same code the Quarkus application runs, without booting Quarkus
 * twice; a broker of its own keeps the service test's replica out of this group's fleet.
 */
class ReplicasTest {

    private static final int PARTITIONS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    static GatewayConfig config(Map<String, String> properties) {
        // Quarkus's converter reads durations such as "5m" the way the application does
        return new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 400)).build()
                .getConfigMapping(GatewayConfig.class);
    }

    private Gateway replica(KafkaBroker broker) {
        GatewayConfig config = config(Map.of(
                "fosfleet.gateway.kafka.group-id", "replicas",
                "fosfleet.gateway.kafka.partitions", Integer.toString(PARTITIONS),
                "fosfleet.gateway.syslog.host", "127.0.0.1",
                "fosfleet.gateway.syslog.port", "0",
                "fosfleet.gateway.poll.timeout", "1s"));
        return Gateway.start(config, Map.of("bootstrap.servers", broker.bootstrapServers()), new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private static Set<String> owned(Gateway gateway) {
        return gateway.devices().stream().map(d -> d.deviceId()).collect(Collectors.toSet());
    }

    @Test
    void whenAReplicaStopsTheOtherTakesOverItsDevicesWithoutLosingOrRepeatingAChange() {
        KafkaBroker broker = keep(KafkaBroker.start(0, KafkaBroker.defaultDataRoot()));
        Ipv4Address block = SimulatorConfig.randomLoopbackBlock();
        List<DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i < 2 * PARTITIONS; i++) {
            specs.add(new DeviceSpec(FleetFixture.spec(block, i, 514, Map.of()).mac(), new Ipv4Address(block.bits() + i),
                    8080, Map.of(Key.MODEDEF, "0")));
        }
        Simulator sim = keep(Simulator.start(SimulatorConfig.of(specs)));
        FleetFixture fleet = keep(new FleetFixture(broker.bootstrapServers(), PARTITIONS));
        Gateway a = replica(broker);
        Gateway b = keep(replica(broker));

        // two devices per partition, so that both replicas own some
        Map<DeviceId, SimulatedDevice> devices = new HashMap<>();
        int[] perPartition = new int[PARTITIONS];
        int next = 0;
        while (devices.size() < specs.size()) {
            DeviceId id = FleetFixture.newDeviceId("replicated");
            int partition = Utils.toPositive(Utils.murmur2(id.value().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[partition] < 2) {
                perPartition[partition]++;
                devices.put(id, sim.devices().get(next++));
            }
        }
        // polled once a minute: after the first poll, a change shows only when a replica takes the device over
        devices.forEach((id, fos) -> fleet.publish(FleetFixture.device(id, fos, Duration.ofMinutes(1))));
        await().atMost(PATIENCE).until(() -> devices.keySet().stream().allMatch(id -> fleet.state(id) != null));
        assertThat(owned(a)).isNotEmpty().doesNotContainAnyElementsOf(owned(b));
        assertThat(owned(b)).isNotEmpty();
        assertThat(a.ready()).isTrue();
        assertThat(b.ready()).isTrue();

        // While replica a goes down, an operator switches one of its devices at the web page.
        Set<String> ofA = owned(a);
        DeviceId switched = DeviceId.of(ofA.iterator().next());
        new HttpDeviceClient(Duration.ofSeconds(2)).set(DeviceEndpoint.of(devices.get(switched).address().toString(),
                8080), Key.MODE, "1").join();
        a.close();

        await().atMost(PATIENCE).until(() -> owned(b).equals(devices.keySet().stream().map(DeviceId::value)
                .collect(Collectors.toSet())));
        await().atMost(PATIENCE).until(() -> !fleet.events(switched, DeviceEvent.Type.RELAY_CHANGED).isEmpty());
        assertThat(fleet.events(switched)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DeviceEvent.Type.RELAY_CHANGED);
            assertThat(e.details()).containsEntry("via", "poll").containsEntry("relay", "A-B");
        });
        await().atMost(PATIENCE).until(() -> "1".equals(fleet.state(switched).values().get("mode")));

        // A third replica joins: it takes partitions over from b and starts from their last state, announcing nothing.
        Gateway c = keep(replica(broker));
        await().atMost(PATIENCE).until(() -> !owned(c).isEmpty() && c.devices().stream()
                .allMatch(d -> d.lastPollAt() != null));
        Set<String> all = new HashSet<>(owned(b));
        all.addAll(owned(c));
        assertThat(all).hasSize(devices.size());
        assertThat(devices.keySet()).allSatisfy(id -> assertThat(fleet.events(id))
                .hasSize(id.equals(switched) ? 1 : 0));
    }
}
