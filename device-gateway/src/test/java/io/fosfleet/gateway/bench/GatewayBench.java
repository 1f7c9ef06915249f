package io.fosfleet.gateway.bench;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventDeserializer;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.gateway.Gateway;
import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scale runner (not a test): one gateway replica polling N simulated devices in this JVM, then relay switches whose
 * syslog messages must become events quickly: each message triggers a poll, and the event comes from that reading.
 * Prints polls per second, the gateway threads' CPU (the simulator's Vert.x threads excluded) and the change-to-event
 * latency.
 *
 * <p>{@code ./mvnw -q -pl device-gateway test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fosfleet.gateway.bench.GatewayBench -Dexec.args="<devices> <seconds> [<poll interval s>
 * [<switches>]]"}, e.g. {@code "2000 60"} for the polling load, {@code "250 10 60 250"} for the syslog path alone
 * (polled once a minute, so that every change is noticed through the syslog-triggered poll).
 */
public final class GatewayBench {

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int pollSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int switches = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        KafkaBroker broker = KafkaBroker.start(0, KafkaBroker.defaultDataRoot());
        Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
        GatewayConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("fosfleet.gateway.syslog.host", "127.0.0.1",
                        "fosfleet.gateway.syslog.port", "0", "fosfleet.gateway.kafka.partitions", "12"), "bench", 400))
                .build().getConfigMapping(GatewayConfig.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Gateway gateway = Gateway.start(config, kafka, meters, Clock.systemUTC());

        Map<Key, String> settings = Map.of(Key.SYSLOG, "1", Key.SLGIP, "127.0.0.1",
                Key.SLGPT, Integer.toString(gateway.syslogPort()));
        List<DeviceSpec> specs = DeviceSpec.rack(devices, SimulatorConfig.randomLoopbackBlock(),
                MacAddress.parse("00:19:32:10:00:00"), 8080, settings);
        Simulator sim = Simulator.start(SimulatorConfig.of(specs));
        List<DeviceId> ids = new ArrayList<>();
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new StringSerializer(), new EventSerializer<>())) {
            for (int i = 0; i < devices; i++) {
                SimulatedDevice fos = sim.devices().get(i);
                DeviceId id = DeviceId.of("bench-" + i);
                ids.add(id);
                DeviceConfig device = new DeviceConfig(id, "bench " + i, fos.mac().toString(),
                        fos.address().toString(), fos.httpPort(), null, null, null, Duration.ofSeconds(pollSeconds), Map.of(),
                        DeviceConfig.DriftPolicy.REPORT);
                producer.send(new ProducerRecord<>(Topic.CONFIG.topicName(), id.value(),
                        ConfigRecord.desired(device, null, Instant.now(), "bench")));
            }
        }
        while (gateway.devices().size() < devices || !gateway.ready()) {
            Thread.sleep(200);
        }
        // a change is only an event against a first reading: wait until every device has been read once
        while (gateway.devices().stream().anyMatch(d -> d.observedAt() == null)) {
            Thread.sleep(200);
        }
        System.out.printf("%d devices owned and read; warming up 10 s%n", devices);
        Thread.sleep(10_000);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double polls0 = polls(meters);
        long cpu0 = gatewayCpuNanos(threads);
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double polls = polls(meters) - polls0;
        long cpu = gatewayCpuNanos(threads) - cpu0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        double failed = meters.find("fosfleet.gateway.polls").tag("outcome", "failed").counter() == null ? 0
                : meters.find("fosfleet.gateway.polls").tag("outcome", "failed").counter().count();
        System.out.printf("polls: %.0f/s over %.0f s (target %d/s), failed polls in total: %.0f%n", polls / wall, wall,
                devices / pollSeconds, failed);
        System.out.printf("gateway CPU: %.2f cores (HTTP client, device loop, Kafka client, syslog threads)%n",
                cpu / 1e9 / wall);
        System.out.printf("poll latency: mean %.1f ms, max %.1f ms%n",
                meters.find("fosfleet.gateway.poll.latency").timer().mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                meters.find("fosfleet.gateway.poll.latency").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS));

        // syslog → event: switch relays with an HTTP request, the device sends its syslog message as it switches
        try (KafkaConsumer<String, DeviceEvent> events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringDeserializer(),
                new EventDeserializer<>(DeviceEvent.class))) {
            List<TopicPartition> partitions = events.partitionsFor(Topic.DEVICE_EVENTS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            events.assign(partitions);
            events.seekToEnd(partitions);
            partitions.forEach(events::position);
            HttpDeviceClient http = new HttpDeviceClient(Duration.ofSeconds(3));
            double[] gatewayMs = new double[switches];
            double[] endToEndMs = new double[switches];
            int byPoll = 0;
            for (int i = 0; i < switches; i++) {
                // round the fleet: a device's next switch comes many switches later, far beyond the rate limit of
                // its syslog-triggered polls
                SimulatedDevice fos = sim.devices().get(i % devices);
                DeviceId id = ids.get(i % devices);
                String mode = "1".equals(fos.value(Key.MODE)) ? "0" : "1";
                Instant sent = Instant.now();
                long t0 = System.nanoTime();
                http.set(DeviceEndpoint.of(fos.address().toString(), fos.httpPort()), Key.MODE, mode).join();
                DeviceEvent event = null;
                while (event == null) {
                    for (ConsumerRecord<String, DeviceEvent> r : events.poll(Duration.ofMillis(5))) {
                        if (r.value().deviceId().equals(id) && r.value().type() == DeviceEvent.Type.RELAY_CHANGED) {
                            event = r.value();
                        }
                    }
                }
                endToEndMs[i] = (System.nanoTime() - t0) / 1e6;
                gatewayMs[i] = Duration.between(sent, event.occurredAt()).toNanos() / 1e6;
                if (!"syslog".equals(event.details().get("via"))) {
                    byPoll++;
                }
                Thread.sleep(100);
            }
            Arrays.sort(gatewayMs);
            Arrays.sort(endToEndMs);
            System.out.printf("%d relay switches, %d of them seen by a scheduled poll before the syslog-triggered one%n",
                    switches, byPoll);
            System.out.printf("relay switch → event created: median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    gatewayMs[switches / 2], gatewayMs[switches * 95 / 100], gatewayMs[switches * 99 / 100],
                    gatewayMs[switches - 1]);
            System.out.printf("relay switch → event consumed from Kafka: median %.1f ms, p95 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms%n", endToEndMs[switches / 2], endToEndMs[switches * 95 / 100],
                    endToEndMs[switches * 99 / 100], endToEndMs[switches - 1]);
        }
        gateway.close();
        sim.close();
        broker.close();
        System.exit(0);
    }

    private static double polls(SimpleMeterRegistry meters) {
        return meters.find("fosfleet.gateway.polls").tag("outcome", "ok").counter().count();
    }

    /** CPU time of every live thread except the simulator's Vert.x threads and the in-process broker's. */
    private static long gatewayCpuNanos(ThreadMXBean threads) {
        long total = 0;
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            names.put(info.getThreadId(), info.getThreadName());
        }
        for (Map.Entry<Long, String> t : names.entrySet()) {
            String name = t.getValue();
            boolean gatewayThread = name.startsWith("device-gateway") || name.startsWith("HttpClient")
                    || name.startsWith("syslog-") || name.startsWith("gbl4-")
                    || (name.startsWith("kafka-producer-network-thread") && name.contains("device-gateway"))
                    || name.startsWith("ForkJoinPool");
            if (gatewayThread) {
                long cpu = threads.getThreadCpuTime(t.getKey());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }
}
