package io.fosfleet.gateway.bench;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.gateway.Gateway;
import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.fosfleet.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Polling benchmark in two processes (not a test), run by {@code device-gateway/bench/run}: the gateway's CPU per
 * poll measured on the gateway's own process, with the simulated devices and the broker in another process (pinned
 * to another core by the script), so that the 2,000 simulated web servers do not share the gateway's core.
 *
 * <ul>
 *   <li>{@code rig <devices> <syslog port> <ready file>}: an in-process broker and N simulated devices (their syslog
 *   aimed at the gateway's port), every device published on {@code fos.config} with a 1 s poll interval; writes the
 *   broker's bootstrap address into the ready file and runs until killed.</li>
 *   <li>{@code gateway <devices> <seconds> <bootstrap> <syslog port>}: one replica — the {@link Gateway} engine that
 *   the service runs, metrics and syslog listener on — waits until it owns and has read every device, warms up for
 *   20 s, then measures its whole process CPU (JIT and GC included) and its polls over the given seconds. Prints
 *   one {@code key=value} line on standard output.</li>
 * </ul>
 */
public final class PollBench {

    private PollBench() {
    }

    public static void main(String[] args) throws Exception {
        // as the service logs (Quarkus sets INFO): without a level the JDK's HTTP client would format its debug log
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        if (args.length == 4 && args[0].equals("rig")) {
            rig(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else if (args.length == 5 && args[0].equals("gateway")) {
            gateway(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: PollBench rig <devices> <syslog port> <ready file>\n"
                    + "       PollBench gateway <devices> <seconds> <bootstrap> <syslog port>");
            System.exit(2);
        }
    }

    private static void rig(int devices, int syslogPort, Path readyFile) throws Exception {
        KafkaBroker broker = KafkaBroker.start(0, KafkaBroker.defaultDataRoot());
        Map<Key, String> settings = Map.of(Key.SYSLOG, "1", Key.SLGIP, "127.0.0.1",
                Key.SLGPT, Integer.toString(syslogPort));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            // the gateway's own partition count (12), before the first record creates fos.config with one
            Topics.create(admin, List.of(Topic.values()), Optional.of(12), Optional.empty());
        }
        Simulator sim = Simulator.start(SimulatorConfig.of(DeviceSpec.rack(devices,
                SimulatorConfig.randomLoopbackBlock(), MacAddress.parse("00:19:32:10:00:00"), 8080, settings)));
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new StringSerializer(), new EventSerializer<>())) {
            for (int i = 0; i < devices; i++) {
                SimulatedDevice fos = sim.devices().get(i);
                DeviceId id = DeviceId.of("bench-" + i);
                DeviceConfig device = new DeviceConfig(id, "bench " + i, fos.mac().toString(),
                        fos.address().toString(), fos.httpPort(), null, null, null, Duration.ofSeconds(1), Map.of(),
                        DeviceConfig.DriftPolicy.REPORT);
                producer.send(new ProducerRecord<>(Topic.CONFIG.topicName(), id.value(),
                        ConfigRecord.desired(device, null, Instant.now(), "bench")));
            }
        }
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.writeString(tmp, broker.bootstrapServers());
        Files.move(tmp, readyFile);
        System.err.printf("rig: broker at %s, %d simulated devices, configuration published%n",
                broker.bootstrapServers(), devices);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            broker.close();
        }));
        Thread.currentThread().join();
    }

    private static void gateway(int devices, int seconds, String bootstrap, int syslogPort) throws Exception {
        GatewayConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("fosfleet.gateway.syslog.host", "127.0.0.1",
                        "fosfleet.gateway.syslog.port", Integer.toString(syslogPort),
                        "fosfleet.gateway.kafka.partitions", "12"), "bench", 400))
                .build().getConfigMapping(GatewayConfig.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Gateway gateway = Gateway.start(config, Map.of("bootstrap.servers", bootstrap), meters, Clock.systemUTC());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int waits = 0;
        while (gateway.devices().size() < devices || !gateway.ready()
                || gateway.devices().stream().anyMatch(d -> d.observedAt() == null)) {
            if (System.nanoTime() > deadline) {
                System.err.printf("gateway: after 5 min it owns %d of %d devices (ready: %s); giving up%n",
                        gateway.devices().size(), devices, gateway.ready());
                System.exit(1);
            }
            if (++waits % 50 == 0) {
                var unread = gateway.devices().stream().filter(d -> d.observedAt() == null).toList();
                System.err.printf("gateway: owns %d of %d devices (ready: %s), %d not read yet%s%n",
                        gateway.devices().size(), devices, gateway.ready(), unread.size(),
                        unread.isEmpty() ? "" : ", e.g. " + unread.get(0).host() + ": " + unread.get(0).lastError());
            }
            Thread.sleep(200);
        }
        System.err.printf("gateway: %d devices owned and read; warming up 20 s, then measuring %d s%n", devices,
                seconds);
        Thread.sleep(20_000);

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double ok0 = count(meters, "ok");
        double failed0 = count(meters, "failed");
        Map<String, Long> threads0 = threadCpu();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu = os.getProcessCpuTime() - cpu0;
        Map<String, Long> threads = threadCpu();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double ok = count(meters, "ok") - ok0;
        double failed = count(meters, "failed") - failed0;
        var latency = meters.find("fosfleet.gateway.poll.latency").timer();
        System.out.printf("devices=%d seconds=%.1f polls=%.0f polls_per_s=%.1f failed=%.0f failed_total=%.0f "
                        + "cpu_s=%.3f cores=%.3f cpu_us_per_poll=%.1f latency_mean_ms=%.1f latency_max_ms=%.1f%n",
                devices, wall, ok, ok / wall, failed, count(meters, "failed"), cpu / 1e9, cpu / 1e9 / wall,
                ok == 0 ? 0 : cpu / 1e3 / ok, latency.mean(TimeUnit.MILLISECONDS), latency.max(TimeUnit.MILLISECONDS));
        // where the CPU went, by thread (numbers in names folded): the first thing to look at before a profile
        Map<String, Long> byGroup = new TreeMap<>();
        threads.forEach((key, nanos) -> byGroup.merge(key.substring(key.indexOf(' ') + 1).replaceAll("[0-9a-f]*[0-9]+",
                "N"), nanos - threads0.getOrDefault(key, 0L), Long::sum));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() > 0)
                .forEach(e -> System.err.printf("gateway: %6.1f µs per poll  %s%n", e.getValue() / 1e3 / ok, e.getKey()));
        System.err.printf("gateway: %6.1f µs per poll  (the JVM's own threads: JIT, GC …)%n",
                (cpu - byGroup.values().stream().mapToLong(Long::longValue).sum()) / 1e3 / ok);
        gateway.close();
        System.exit(0);
    }

    /** CPU time of every live Java thread, by "id name". */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : mx.dumpAllThreads(false, false)) {
            long nanos = mx.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                cpu.put(info.getThreadId() + " " + info.getThreadName(), nanos);
            }
        }
        return cpu;
    }

    private static double count(SimpleMeterRegistry meters, String outcome) {
        Counter counter = meters.find("fosfleet.gateway.polls").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
