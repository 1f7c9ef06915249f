package io.fosfleet.heartbeat.bench;

import io.fosfleet.events.Command;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventDeserializer;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import io.fosfleet.events.Topic;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.DeviceStatus;
import io.fosfleet.simulator.NodeSpec;
import io.fosfleet.simulator.PbxNode;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Primary killed → relay at A–D, end to end: the packaged heartbeat-service and device-gateway as processes of their
 * own, an in-process Kafka broker, simulated berofos devices and PBX nodes in this JVM. Each pair's primary is probed
 * over TCP every 250 ms (timeout 250 ms, down after 3 failures). A kill stops every service of a primary node; the
 * latency ends when the simulated device itself switches its relay to A–D, seen through the device's own log record
 * (a listener on the simulator's device logger, taken in the same thread that switches the relay).
 *
 * <p>Two phases: pairs with fast failover (heartbeat-service → SWITCH_RELAY 0 on fos.device.commands → device-gateway
 * → the device's HTTP interface), then pairs without it, where the device fails over when its watchdog runs out. All
 * pairs use the AUTO policy, so restarting a primary re-arms the watchdog and switches the relay back to A–B through
 * the same path, ready for the next round.
 *
 * <p>A third, optional phase: fast failover with a primary that hangs instead of dying — its health endpoint stops
 * answering (the simulator's node delay) and an HTTP probe has to wait for its timeout each time, as for a node that
 * lost power or network (no connection refused).
 *
 * <p>Usage: {@code java -cp ... FailoverBench.java <fast-pairs> <fast-kills> <slow-pairs> <slow-kills>
 * <slow-watchdog-s> <out-dir> [<hung-pairs> <hung-kills>]}; the jars come from {@code -Dheartbeat.jar} and
 * {@code -Dgateway.jar}.
 */
public final class FailoverBench {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);
    private static final int FAILURE_THRESHOLD = 3;
    private static final Duration KICK_INTERVAL = Duration.ofSeconds(1);
    /** Watchdog of the fast-failover pairs: worst-case gap (1 + 2 + 0.5 + 0.25 s) + 2 s, as the README advises. */
    private static final int FAST_WATCHDOG_SECONDS = 6;
    private static final int KILLS_PER_ROUND = 10;
    /** Kills of a round are spread over this window at random moments, so they hit random points of the probe cycle. */
    private static final Duration KILL_SPREAD = Duration.ofMillis(2500);
    private static final Pattern SWITCHED = Pattern.compile("\\(([0-9a-fA-F:]{17})\\): relay switched (\\S+) → (\\S+) \\((.*)\\)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Strong reference: java.util.logging keeps loggers only weakly. */
    private static final Logger DEVICE_LOG = Logger.getLogger("io.fosfleet.simulator.device");

    /** A relay switch the simulated device made: when (wall clock, µs), to what, and why (as the device logs it). */
    record Switch(Instant at, String to, String why) {
    }

    /** One kill and what followed. */
    record Sample(String phase, int pair, Instant killed, Instant stopped, Switch relay, Optional<Instant> issued,
            Optional<Instant> produced) {

        double latencyMs() {
            return millis(killed, relay.at);
        }
    }

    private static final Map<String, CompletableFuture<Switch>> WAITING = new ConcurrentHashMap<>();
    /** What the last wait saw, for its error message. */
    private static volatile String progress = "";

    public static void main(String[] args) throws Exception {
        int fastPairs = Integer.parseInt(args[0]);
        int fastKills = Integer.parseInt(args[1]);
        int slowPairs = Integer.parseInt(args[2]);
        int slowKills = Integer.parseInt(args[3]);
        int slowWatchdog = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        int hungPairs = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        int hungKills = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        Files.createDirectories(out);
        listenToDevices();

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            KafkaBroker broker = KafkaBroker.start(0, out);
            resources.add(broker);
            createTopics(broker.bootstrapServers());

            Ipv4Address block = SimulatorConfig.randomLoopbackBlock();
            Rack fast = new Rack("fast", fastPairs, block, FAST_WATCHDOG_SECONDS, true, false, 0x10);
            Rack slow = new Rack("slow", slowPairs, new Ipv4Address(block.bits() + 0x100), slowWatchdog, false, false,
                    0x20);
            Rack hung = new Rack("hung", hungPairs, new Ipv4Address(block.bits() + 0x200), FAST_WATCHDOG_SECONDS, true,
                    true, 0x30);
            List<Rack> racks = List.of(fast, slow, hung).stream().filter(r -> r.size() > 0).toList();
            List<DeviceSpec> devices = new ArrayList<>();
            List<NodeSpec> nodes = new ArrayList<>();
            racks.forEach(r -> {
                devices.addAll(r.devices);
                nodes.addAll(r.nodes);
            });
            Service heartbeat = Service.start("heartbeat-service", Path.of(System.getProperty("heartbeat.jar")),
                    broker.bootstrapServers(), out, List.of());
            resources.add(0, heartbeat);
            Service gateway = Service.start("device-gateway", Path.of(System.getProperty("gateway.jar")),
                    broker.bootstrapServers(), out, List.of("-Dfosfleet.gateway.syslog.host=127.0.0.1",
                            "-Dfosfleet.gateway.syslog.port=0"));
            resources.add(0, gateway);
            await("both services ready", Duration.ofMinutes(3), () -> heartbeat.ready() && gateway.ready());
            // Powered up only now: a watchdog that ran out before the first kick would stay failed over (sticky).
            Simulator sim = Simulator.start(SimulatorConfig.of(devices).withNodes(nodes));
            resources.add(0, sim);
            racks.forEach(r -> r.sim = sim);

            CommandLog commands = new CommandLog(broker.bootstrapServers());
            resources.add(0, commands);
            try (KafkaProducer<String, ConfigRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "acks", "all"), new StringSerializer(), new EventSerializer<>())) {
                for (Rack rack : racks) {
                    for (int i = 0; i < rack.size(); i++) {
                        ConfigRecord r = ConfigRecord.desired(rack.deviceConfig(i), rack.pairConfig(i), Instant.now(),
                                "failover-bench");
                        producer.send(new ProducerRecord<>(Topic.CONFIG.topicName(), r.deviceId().value(), r)).get();
                    }
                }
            }
            int total = fastPairs + slowPairs + hungPairs;
            await("heartbeat-service kicks all " + total + " pairs, device-gateway reaches all devices",
                    Duration.ofMinutes(2), () -> {
                        int kicking = heartbeat.count("\"state\"\\s*:\\s*\"KICKING\"");
                        int reachable = gateway.count("\"reachable\"\\s*:\\s*true");
                        progress = "kicking " + kicking + ", reachable " + reachable;
                        return kicking == total && reachable == total;
                    });
            // Watchdogs on only now that every pair is kicked (as the local run does): on a loaded machine the first
            // kick may come later than a short watchdog interval after power-up.
            for (Rack r : racks) {
                r.enableWatchdogs();
            }
            await("every watchdog on, every relay A-B", Duration.ofSeconds(30), () -> {
                progress = "devices" + racks.stream().map(Rack::statuses).toList();
                return racks.stream().allMatch(Rack::allArmed);
            });
            System.out.printf("ready: %d fast-failover pairs (watchdog %d s), %d pairs without (watchdog %d s); "
                    + "kick every %d ms; TCP probe every %d ms, timeout %d ms, down after %d failures%n", fastPairs,
                    FAST_WATCHDOG_SECONDS, slowPairs, slowWatchdog, KICK_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                    PROBE_TIMEOUT.toMillis(), FAILURE_THRESHOLD);
            Thread.sleep(3000); // every pair kicked a few times more, the JVMs past their first requests

            List<Sample> fastSamples = run(fast, fastKills, commands, Duration.ofSeconds(FAST_WATCHDOG_SECONDS + 5));
            report("fast failover", fastSamples, out.resolve("samples-fast.csv"));
            List<Sample> slowSamples = run(slow, slowKills, commands, Duration.ofSeconds(slowWatchdog + 5));
            report("watchdog only (no fast failover, watchdog " + slowWatchdog + " s)", slowSamples,
                    out.resolve("samples-watchdog.csv"));
            if (hungKills > 0) {
                List<Sample> hungSamples = run(hung, hungKills, commands, Duration.ofSeconds(FAST_WATCHDOG_SECONDS + 5));
                report("fast failover, primary hung (HTTP probe, node stops answering instead of refusing)",
                        hungSamples, out.resolve("samples-hung.csv"));
            }
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("closing " + r + ": " + e);
                }
            }
        }
    }

    /** Rounds of kills until {@code kills} samples: kill, wait for A–D, restart the primaries, wait for A–B. */
    private static List<Sample> run(Rack rack, int kills, CommandLog commands, Duration limit) throws Exception {
        List<Sample> samples = new ArrayList<>();
        ScheduledExecutorService killer = Executors.newScheduledThreadPool(4);
        try {
            while (samples.size() < kills) {
                int n = Math.min(Math.min(KILLS_PER_ROUND, rack.size()), kills - samples.size());
                List<Integer> all = new ArrayList<>();
                for (int i = 0; i < rack.size(); i++) {
                    all.add(i);
                }
                Collections.shuffle(all);
                List<Integer> chosen = List.copyOf(all.subList(0, n));
                List<CompletableFuture<Sample>> round = new ArrayList<>();
                for (int i : chosen) {
                    long delay = ThreadLocalRandom.current().nextLong(KILL_SPREAD.toNanos());
                    CompletableFuture<Sample> sample = new CompletableFuture<>();
                    killer.schedule(() -> {
                        try {
                            sample.complete(kill(rack, i, commands, limit));
                        } catch (Throwable e) {
                            sample.completeExceptionally(e);
                        }
                    }, delay, TimeUnit.NANOSECONDS);
                    round.add(sample);
                }
                for (CompletableFuture<Sample> s : round) {
                    samples.add(s.get(limit.toMillis() + KILL_SPREAD.toMillis() + 5000, TimeUnit.MILLISECONDS));
                }
                for (int i : chosen) {
                    rack.revive(i);
                }
                await("the restarted primaries' devices are back at A-B with their watchdog armed",
                        Duration.ofSeconds(30), () -> chosen.stream().allMatch(rack::armed));
                Thread.sleep(1500); // a kick or two since the re-arm
                System.out.printf("%s: %d/%d kills measured%n", rack.name, samples.size(), kills);
            }
        } finally {
            killer.shutdownNow();
        }
        return samples;
    }

    private static Sample kill(Rack rack, int i, CommandLog commands, Duration limit) throws Exception {
        SimulatedDevice device = rack.device(i);
        CompletableFuture<Switch> toAD = new CompletableFuture<>();
        String mac = device.mac().toString().toLowerCase();
        WAITING.put(mac, toAD);
        Instant killed = Instant.now();
        rack.kill(i);
        Instant stopped = Instant.now();
        Switch relay;
        try {
            relay = toAD.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(rack.name + " pair " + i + ": relay not at A-D " + limit + " after the kill; "
                    + "device " + device.status());
        } finally {
            WAITING.remove(mac);
        }
        DeviceStatus status = device.status();
        if (status.relayMode() != RelayMode.A_D) {
            throw new IllegalStateException(rack.name + " pair " + i + ": logged a switch to A-D but is " + status);
        }
        Optional<ConsumerRecord<String, Envelope>> command = rack.fastFailover
                ? commands.await(rack.deviceId(i), killed, Duration.ofSeconds(5)) : Optional.empty();
        return new Sample(rack.name, i, killed, stopped, relay,
                command.map(c -> c.value().occurredAt()), command.map(c -> Instant.ofEpochMilli(c.timestamp())));
    }

    /** Completes a waiting kill when its device logs the switch to A–D; the record is made as the relay moves. */
    private static void listenToDevices() {
        DEVICE_LOG.setLevel(Level.INFO);
        DEVICE_LOG.setUseParentHandlers(false);
        DEVICE_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (!message.contains("relay switched")) {
                    return;
                }
                Matcher m = SWITCHED.matcher(message);
                if (m.find() && m.group(3).equals("A-D")) {
                    CompletableFuture<Switch> waiting = WAITING.get(m.group(1).toLowerCase());
                    if (waiting != null) {
                        waiting.complete(new Switch(record.getInstant(), m.group(3), m.group(4)));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    // ---- results ----------------------------------------------------------------------------------------------------

    private static void report(String title, List<Sample> samples, Path csv) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("pair,killed,kill_to_relay_ms,stop_call_ms,cause,kill_to_command_issued_ms,"
                    + "issued_to_produced_ms,produced_to_relay_ms");
            for (Sample s : samples) {
                w.printf("%d,%s,%.1f,%.1f,%s,%s,%s,%s%n", s.pair, s.killed, s.latencyMs(), millis(s.killed, s.stopped),
                        s.relay.why, s.issued.map(t -> fmt(millis(s.killed, t))).orElse(""),
                        s.issued.flatMap(i -> s.produced.map(p -> fmt(millis(i, p)))).orElse(""),
                        s.produced.map(p -> fmt(millis(p, s.relay.at))).orElse(""));
            }
        }
        System.out.printf("%n== %s: %d kills%n", title, samples.size());
        System.out.println("kill → relay A-D:           " + stats(samples.stream().map(Sample::latencyMs).toList()));
        Map<String, Long> causes = new java.util.TreeMap<>();
        samples.forEach(s -> causes.merge(s.relay.why, 1L, Long::sum));
        System.out.println("switched by:                " + causes);
        List<Double> detect = new ArrayList<>();
        List<Double> outbox = new ArrayList<>();
        List<Double> deliver = new ArrayList<>();
        for (Sample s : samples) {
            s.issued.ifPresent(i -> detect.add(millis(s.killed, i)));
            s.issued.ifPresent(i -> s.produced.ifPresent(p -> outbox.add(millis(i, p))));
            s.produced.ifPresent(p -> deliver.add(millis(p, s.relay.at)));
        }
        if (!detect.isEmpty()) {
            System.out.println("  kill → command issued:    " + stats(detect) + "   (probe detection)");
            System.out.println("  issued → produced:        " + stats(outbox) + "   (outbox, record timestamp, ms resolution)");
            System.out.println("  produced → relay A-D:     " + stats(deliver) + "   (Kafka, device-gateway, device HTTP)");
        }
        System.out.println("samples: " + csv);
    }

    private static String stats(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        long over1s = v.stream().filter(x -> x > 1000).count();
        return String.format("min %.0f, p50 %.0f, p95 %.0f, p99 %.0f, max %.0f ms (n=%d, > 1 s: %d)", v.get(0),
                rank(v, 0.50), rank(v, 0.95), rank(v, 0.99), v.get(v.size() - 1), v.size(), over1s);
    }

    /** Nearest-rank percentile. */
    private static double rank(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String fmt(double ms) {
        return String.format("%.1f", ms);
    }

    // ---- set-up -----------------------------------------------------------------------------------------------------

    private static void createTopics(String bootstrap) throws Exception {
        // As the local run: every fosfleet topic with the same partition count (device-gateway co-partitions four).
        List<NewTopic> topics = new ArrayList<>();
        for (Topic t : Topic.values()) {
            topics.add(new NewTopic(t.topicName(), 12, (short) 1).configs(t.config()));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("not within " + limit + ": " + what + " (" + progress + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Simulated devices (relay A–B at power-up, watchdog on) and one PBX node per device as its primary. */
    private static final class Rack {
        final String name;
        final List<DeviceSpec> devices;
        final List<NodeSpec> nodes = new ArrayList<>();
        final boolean fastFailover;
        /** The primary hangs (answers nothing, HTTP probe) instead of dying (connections refused, TCP probe). */
        final boolean hangs;
        Simulator sim;

        Rack(String name, int size, Ipv4Address block, int watchdogSeconds, boolean fastFailover, boolean hangs,
                int macByte) {
            this.name = name;
            this.fastFailover = fastFailover;
            this.hangs = hangs;
            if (size == 0) {
                devices = List.of();
                return;
            }
            devices = DeviceSpec.rack(size, block, MacAddress.of(new byte[] {0x00, 0x19, 0x32, (byte) 0xbe,
                    (byte) macByte, 0x01}), 8080, Map.of(Key.MODEDEF, "1", Key.WDOGDEF, "0", Key.WDOGITIME,
                    Integer.toString(watchdogSeconds)));
            Ipv4Address node = new Ipv4Address(block.bits() + 0x8000);
            for (int i = 0; i < size; i++) {
                nodes.add(new NodeSpec(name + "-pbx" + i, node, 15038, 18088, 15060));
                node = new Ipv4Address(node.bits() + 1);
            }
        }

        int size() {
            return devices.size();
        }

        DeviceId deviceId(int i) {
            return DeviceId.of("bench-" + name + "-fos" + i);
        }

        SimulatedDevice device(int i) {
            return sim.device(devices.get(i).mac());
        }

        PbxNode primary(int i) {
            return sim.node(nodes.get(i).name());
        }

        void kill(int i) {
            if (hangs) {
                // Longer than any wait of the bench: every check from now on times out.
                primary(i).delay(Duration.ofMinutes(5));
            } else {
                primary(i).stop();
            }
        }

        void revive(int i) {
            if (hangs) {
                primary(i).delay(Duration.ZERO);
            } else {
                primary(i).start();
            }
        }

        boolean armed(int i) {
            DeviceStatus s = device(i).status();
            return s.relayMode() == RelayMode.A_B && s.watchdogState() == 1;
        }

        /** {@code cmd=6&wen=1} over the device's HTTP interface, as an operator's browser would send it. */
        void enableWatchdogs() throws IOException, InterruptedException {
            for (int i = 0; i < size(); i++) {
                SimulatedDevice d = device(i);
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + d.address() + ":"
                        + d.httpPort() + "/?cmd=6&wen=1")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(d + ": enabling the watchdog answered " + r.statusCode());
                }
            }
        }

        String statuses() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < size(); i++) {
                DeviceStatus st = device(i).status();
                b.append(' ').append(st.relayMode()).append('/').append(st.watchdogState());
            }
            return b.toString();
        }

        boolean allArmed() {
            for (int i = 0; i < size(); i++) {
                if (!armed(i)) {
                    return false;
                }
            }
            return true;
        }

        DeviceConfig deviceConfig(int i) {
            DeviceSpec d = devices.get(i);
            return new DeviceConfig(deviceId(i), "berofos " + name + " " + i, d.mac().toString(),
                    d.address().toString(), d.httpPort(), null, "bench", name, Duration.ofSeconds(5), Map.of(),
                    DeviceConfig.DriftPolicy.REPORT);
        }

        PairConfig pairConfig(int i) {
            NodeSpec node = nodes.get(i);
            Probe probe = hangs
                    ? new Probe(Probe.Type.HTTP, node.address().toString(), node.httpPort(), "/health", 200,
                            PROBE_INTERVAL, PROBE_TIMEOUT, FAILURE_THRESHOLD, 2)
                    : new Probe(Probe.Type.TCP, node.address().toString(), node.tcpPort(), null, null,
                            PROBE_INTERVAL, PROBE_TIMEOUT, FAILURE_THRESHOLD, 2);
            return new PairConfig("bench-" + name + "-pair" + i, deviceId(i), new PairConfig.Node(node.name(),
                    node.address().toString()), new PairConfig.Node(name + "-secondary" + i, "127.0.0.1"), 0,
                    KICK_INTERVAL, Duration.ZERO, PairConfig.FailoverPolicy.AUTO, fastFailover, false, List.of(probe),
                    PairConfig.ProbeCombination.ALL);
        }
    }

    /** A packaged service (its quarkus-run.jar) in a JVM of its own, as production runs it. */
    private static final class Service implements AutoCloseable {
        final String name;
        final int port;
        final Process process;

        private Service(String name, int port, Process process) {
            this.name = name;
            this.port = port;
            this.process = process;
        }

        static Service start(String name, Path jar, String bootstrap, Path logs, List<String> extra) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " missing: package " + name + " first");
            }
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
            command.addAll(extra);
            command.addAll(List.of("-jar", jar.toString()));
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(logs.resolve(name + ".log").toFile()).start();
                // Also when the bench itself is interrupted (Ctrl-C, SIGTERM): no service left running.
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-" + name));
                return new Service(name, port, p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }

        boolean ready() {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            return get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false);
        }

        /** How often a pattern occurs in the service's view of its pairs or devices. */
        int count(String regex) {
            String path = name.equals("device-gateway") ? "/devices" : "/pairs";
            return get(path).map(r -> {
                Matcher m = Pattern.compile(regex).matcher(r.body());
                int n = 0;
                while (m.find()) {
                    n++;
                }
                return n;
            }).orElse(-1);
        }

        private Optional<HttpResponse<String>> get(String path) {
            try {
                return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        @Override
        public String toString() {
            return name;
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every command on fos.device.commands from now on, with its record timestamp (when the producer sent it). */
    private static final class CommandLog implements AutoCloseable {
        private final KafkaConsumer<String, Envelope> consumer;
        private final List<ConsumerRecord<String, Envelope>> records = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        CommandLog(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap), new StringDeserializer(),
                    new EventDeserializer<>());
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.DEVICE_COMMANDS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::run, "command-log");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        /** The first SWITCH_RELAY 0 for the device issued after {@code since}. */
        Optional<ConsumerRecord<String, Envelope>> await(DeviceId id, Instant since, Duration limit)
                throws InterruptedException {
            long until = System.nanoTime() + limit.toNanos();
            do {
                for (ConsumerRecord<String, Envelope> r : records) {
                    if (r.value() instanceof DeviceCommand c && c.deviceId().equals(id)
                            && c.type() == DeviceCommand.Type.SWITCH_RELAY
                            && c.command() instanceof Command.SwitchRelay relay && relay.mode() == RelayMode.A_D
                            && !c.occurredAt().isBefore(since)) {
                        return Optional.of(r);
                    }
                }
                Thread.sleep(20);
            } while (System.nanoTime() < until);
            return Optional.empty();
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
