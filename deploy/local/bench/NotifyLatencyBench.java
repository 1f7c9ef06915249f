package io.fosfleet.local.bench;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.local.Child;
import io.fosfleet.local.DemoKeys;
import io.fosfleet.local.Launch;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.sinks.SyslogListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * P4: a change on a device → the NOC's syslog server has the notification. The packaged device-gateway and
 * alert-service run as processes of their own, exactly as the local run starts them; the Kafka broker, the simulated
 * berofos devices and the NOC's syslog listener run in this JVM, so both ends of a measurement are read on one clock.
 *
 * <p>A change is a relay switch made on the device itself over its HTTP interface (as an operator's browser or
 * {@code bnfos --set mode=...} would), one at a time, a random 100–300 ms apart. The device sends its syslog message
 * to device-gateway, which polls the device at once, publishes the event, and alert-service routes it with
 * {@code group_wait: 0s} to the listener. The latency runs from just before the set request is sent (so it includes
 * the device's own HTTP exchange) to the moment the listener receives the line naming the device and the new relay
 * position. The devices' own poll interval is 30 s, so a change is found through the syslog-triggered poll, not by a
 * scheduled one.
 *
 * <p>Usage: {@code java -cp ... NotifyLatencyBench.java <devices> <changes> <out-dir>}; run from the repository root
 * with the services packaged ({@code deploy/local/bench/notify-latency.sh} does all of that).
 */
public final class NotifyLatencyBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(30);
    private static final int WARM_UP = 20;
    private static volatile String progress = "";

    public static void main(String[] args) throws Exception {
        int deviceCount = Integer.parseInt(args[0]);
        int changes = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]).toAbsolutePath();
        Path root = Path.of("").toAbsolutePath();
        Files.createDirectories(out.resolve("logs"));

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            KafkaBroker broker = KafkaBroker.start(0, out.resolve("kafka"));
            resources.add(broker);
            Map<String, String> topicProblems = Launch.createTopics(broker.bootstrapServers());
            if (!topicProblems.isEmpty()) {
                throw new IllegalStateException("topics not created: " + topicProblems);
            }
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            SyslogListener noc = SyslogListener.start(new InetSocketAddress(loopback, 0));
            resources.add(0, noc);
            int gatewaySyslog = freeUdpPort();

            Path rules = out.resolve("alert-rules.yaml");
            Files.writeString(rules, String.join("\n",
                    "# every alert to the NOC's syslog at once: one group per device, no wait, no repeat hold-back",
                    "route:",
                    "  receiver: noc",
                    "  group_by: [device]",
                    "  group_wait: 0s",
                    "  group_interval: 1ms",
                    "  repeat_interval: 1ms",
                    "receivers:",
                    "  - name: noc",
                    "    syslog: {host: 127.0.0.1, port: " + noc.port() + ", transport: udp, format: rfc3164}",
                    ""));
            DemoKeys keys = DemoKeys.generate(out.resolve("keys"));
            String bootstrap = broker.bootstrapServers();
            List<Launch.Service> services = List.of(
                    Launch.deviceGateway("device-gateway", bootstrap, freePort(), gatewaySyslog),
                    Launch.alertService(bootstrap, freePort(), keys, rules, freePort()));
            List<Child> children = new ArrayList<>();
            for (Launch.Service s : services) {
                Child child = Child.start(s.name(), root, List.of(), s.arguments(root, List.of("-Xmx256m")),
                        out.resolve("work").resolve(s.name()), out.resolve("logs").resolve(s.name() + ".log"));
                children.add(child);
                resources.add(0, () -> {
                    child.requestStop();
                    child.awaitStop(Duration.ofSeconds(30));
                });
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        child.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (int i = 0; i < services.size(); i++) {
                Launch.Service s = services.get(i);
                Child c = children.get(i);
                await(s.name() + " ready", Duration.ofMinutes(3), () -> {
                    if (!c.alive()) {
                        throw new IllegalStateException(s.name() + " exited:\n" + c.tail(30));
                    }
                    return Launch.httpOk(HTTP, s.baseUrl() + "/q/health/ready");
                });
            }

            Ipv4Address block = SimulatorConfig.randomLoopbackBlock();
            Map<Key, String> settings = Map.of(Key.MODEDEF, "1", Key.WDOGDEF, "0", Key.SYSLOG, "1",
                    Key.SLGIP, "127.0.0.1", Key.SLGPT, Integer.toString(gatewaySyslog));
            List<DeviceSpec> specs = DeviceSpec.rack(deviceCount, block,
                    MacAddress.parse("00:19:32:be:40:01"), 8080, settings);
            Simulator sim = Simulator.start(SimulatorConfig.of(specs));
            resources.add(0, sim);
            try (KafkaProducer<String, ConfigRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    bootstrap, "acks", "all"), new StringSerializer(), new EventSerializer<>())) {
                for (int i = 0; i < deviceCount; i++) {
                    DeviceSpec d = specs.get(i);
                    DeviceConfig config = new DeviceConfig(deviceId(i), "berofos p4 " + i, d.mac().toString(),
                            d.address().toString(), d.httpPort(), null, "bench", "p4", POLL_INTERVAL, Map.of(),
                            DeviceConfig.DriftPolicy.REPORT);
                    ConfigRecord r = ConfigRecord.desired(config, null, Instant.now(), "notify-latency-bench");
                    producer.send(new ProducerRecord<>(Topic.CONFIG.topicName(), r.deviceId().value(), r)).get();
                }
            }
            String gatewayUrl = services.get(0).baseUrl();
            await("device-gateway reaches all " + deviceCount + " devices", Duration.ofMinutes(2), () -> {
                int reachable = count(gatewayUrl + "/devices", "\"reachable\":true");
                progress = "reachable " + reachable;
                return reachable == deviceCount;
            });
            System.out.printf("ready: %d devices (poll every %d s), device-gateway and alert-service as processes, "
                    + "route group_wait 0s to a syslog listener%n", deviceCount, POLL_INTERVAL.toSeconds());
            String load = Files.readString(Path.of("/proc/loadavg")).trim();

            List<Double> latencies = new ArrayList<>();
            int missed = 0;
            for (int n = 0; n < WARM_UP + changes; n++) {
                int i = n % deviceCount;
                SimulatedDevice device = sim.device(specs.get(i).mac());
                RelayMode to = device.status().relayMode() == RelayMode.A_B ? RelayMode.A_D : RelayMode.A_B;
                String expected = "Relay Mode changed: " + (to == RelayMode.A_D ? "A-D" : "A-B");
                String marker = "device=" + deviceId(i).value() + " ";
                Instant changed = Instant.now();
                setRelay(device, to);
                SyslogListener.Message m = noc.await(msg -> !msg.received().isBefore(changed)
                        && msg.text().contains(marker) && msg.text().contains(expected), Duration.ofSeconds(10));
                if (m == null) {
                    missed++;
                    System.out.printf("change %d: no notification within 10 s (device %s → %s)%n", n,
                            deviceId(i).value(), to);
                } else if (n >= WARM_UP) {
                    latencies.add(Duration.between(changed, m.received()).toNanos() / 1e6);
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(100, 300));
            }
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("P4 device change → syslog notification, %d changes measured (%d warm-up), "
                    + "%d without notification:%n", sorted.length, WARM_UP, missed);
            System.out.printf("  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (target p99 ≤ 250 ms)%n",
                    pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
            System.out.printf("  load before: %s; after: %s%n", load, loadAfter);
            Files.writeString(out.resolve("latencies-ms.txt"), Arrays.toString(sorted));
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("closing: " + e);
                }
            }
        }
        System.exit(0);
    }

    private static DeviceId deviceId(int i) {
        return DeviceId.of("p4-fos" + i);
    }

    /** {@code cmd=4&mode=N} over the device's own HTTP interface: a change fosfleet did not make. */
    private static void setRelay(SimulatedDevice d, RelayMode to) throws IOException, InterruptedException {
        String query = "/?cmd=" + Key.MODE.setCmd() + "&" + String.format(Key.MODE.setParam(),
                Integer.toString(to.wireValue()));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + d.address() + ":"
                + d.httpPort() + query)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(d + ": " + query + " answered " + r.statusCode());
        }
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static int count(String url, String text) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().replace(" ", "");
            int n = 0;
            for (int at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1)) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
