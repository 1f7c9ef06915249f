package io.fosfleet.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.local.Child;
import io.fosfleet.local.ConfigServiceClient;
import io.fosfleet.local.DemoDatacenter;
import io.fosfleet.local.DemoKeys;
import io.fosfleet.kafka.Access;
import io.fosfleet.local.Launch;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.DeviceStatus;
import io.fosfleet.simulator.NodeSpec;
import io.fosfleet.simulator.PbxNode;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.sinks.SmtpSink;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole fosfleet system, once per test JVM, for end-to-end tests: started on the first {@link #get()}, stopped
 * when the JVM exits. Every service is its packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}) in a
 * process of its own, started exactly as {@code deploy/local/run} starts it ({@link Launch}); build them first
 * ({@code ./mvnw -pl deploy/local -am verify} does).
 *
 * <p>What runs:
 * <ul>
 *   <li>a Kafka broker in this JVM ({@link #broker()}: {@code stop()} / {@code restart()} keep its data), secured as
 *       in production: SASL/SCRAM-SHA-512 with the access plan's ACLs ({@code io.fosfleet.kafka.Access}), every
 *       service signing in as its own Kafka user, so every test also proves that each service works with only its own
 *       grants; the tests' own clients sign in as the broker's super user ({@link #adminKafkaSettings()}), or as a
 *       service ({@link #kafkaSettings(String)}). {@code -D}{@value #KAFKA_SECURITY_PROPERTY}{@code =plaintext} runs it
 *       without security;</li>
 *   <li>the NOC's syslog listener and SMTP sink in this JVM ({@link #syslog()}, {@link #smtp()}); alert-service
 *       sends critical and warning alerts to syslog, critical ones by mail (from {@link Launch#ALERT_MAIL_FROM});
 *       the devices also mail their own failovers;</li>
 *   <li>the simulator in this JVM ({@link #simulator()}, {@link #device(String)}, {@link #node(String)}), its
 *       control REST API at {@link #simulatorUrl()};</li>
 *   <li>config-service (H2, the demo users viewer/operator/admin, a fresh token key pair) at {@link #configUrl()};
 *       {@link #token(String)} logs in;</li>
 *   <li>two device-gateway replicas ({@link #GATEWAYS}; the devices' syslog goes to the first), three
 *       heartbeat-service replicas ({@link #HEARTBEATS}), alert-service ({@link #ALERT_SERVICE}) — base URLs by
 *       {@link #url(String)}; {@link #kill(String)} (SIGKILL) and {@link #restart(String)} by name;</li>
 *   <li>the demo datacenter ({@link #demo()}: six pairs as in the local run, 10 s watchdogs), plus quick pairs for
 *       the tests ({@link #e2ePairs()}: 5 s watchdogs, probes every 250 ms, failing after 3, kicked every second;
 *       {@link #MANUAL_PAIR}, {@link #AUTO_PAIR}, {@link #MAINTENANCE_PAIR}, {@link #SILENCE_PAIR},
 *       {@link #BROKER_PAIR}, {@link #SPARE_PAIR}, {@link #WATCHDOG_PAIR}, {@link #FLAP_PAIR}), devices without a
 *       pair polled every second
 *       ({@link #LOOSE_DEVICES}), and one simulated device not in the inventory ({@link #UNREGISTERED_DEVICE}).
 *       Every pair is kicking and its watchdog armed (the launcher's way: a {@code WATCHDOG_ENABLE} command) when
 *       {@link #get()} returns.</li>
 * </ul>
 *
 * <p>A test that disturbs something restores it before it ends (a killed replica restarted, a stopped node started,
 * a failed-over pair switched back), so the tests after it find the system as described. Use a pair of your own.
 * On failure print {@link #tails(int)} (the {@link TailOnFailure} extension does).
 *
 * <p>Files: {@code deploy/local/target/e2e-system/} (logs in {@code logs/<name>.log}; a restarted service's earlier
 * log is kept as {@code <name>.1.log}), wiped at each start.
 */
public final class FosfleetSystem {

    public static final String CONFIG_SERVICE = "config-service";
    public static final String ALERT_SERVICE = "alert-service";
    public static final List<String> GATEWAYS = List.of("device-gateway-1", "device-gateway-2");
    public static final List<String> HEARTBEATS = List.of("heartbeat-service-1", "heartbeat-service-2",
            "heartbeat-service-3");

    /** MANUAL recovery, failover when the watchdog runs out. */
    public static final String MANUAL_PAIR = "e2e-manual";
    /** AUTO recovery, fast failover. */
    public static final String AUTO_PAIR = "e2e-auto";
    /** For maintenance on and off (AUTO, no fast failover). */
    public static final String MAINTENANCE_PAIR = "e2e-maint";
    /** For silences (AUTO, fast failover). */
    public static final String SILENCE_PAIR = "e2e-silence";
    /** For the broker outage (MANUAL, watchdog failover). */
    public static final String BROKER_PAIR = "e2e-broker";
    /** Not used by the tests here; for another test that needs a pair of its own (MANUAL). */
    public static final String SPARE_PAIR = "e2e-spare";
    /** For the console's watchdog countdown (WatchdogBrowserIT): AUTO, failover when the watchdog runs out. */
    public static final String WATCHDOG_PAIR = "e2e-wdog";
    /**
     * For a flapping primary (NotificationsIT, FlappingPrimary): MANUAL, failover when the watchdog runs out — after 20 s
     * ({@link #FLAP_TIMING}), so a primary down for a few seconds at a time never fails it over, however busy the
     * machine.
     */
    public static final String FLAP_PAIR = "e2e-flap";
    /**
     * alert-service's quiet time before a flapping condition is stable again, here (the product's default is 10 min):
     * only the flapping test makes a condition flap (threshold 13, see {@link Launch#alertService}).
     */
    public static final Duration FLAP_STABLE_AFTER = Duration.ofSeconds(10);
    /** Devices in the inventory without a pair (watchdog off), polled every second. */
    public static final List<String> LOOSE_DEVICES = List.of("e2e-loose-1", "e2e-loose-2", "e2e-loose-3",
            "e2e-loose-4");
    /** A simulated device (relay A-D at power-up, watchdog off) that the inventory does not know. */
    public static final String UNREGISTERED_DEVICE = "e2e-unregistered";

    /** The quick pairs' timing: worst-case kick gap 1 s + 2 s session + 0.5 s heartbeat + 0.25 s probe < 5 s. */
    public static final DemoDatacenter.Timing E2E_TIMING = new DemoDatacenter.Timing(5, Duration.ofMillis(250),
            Duration.ofMillis(250), 3, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    /** {@link #FLAP_PAIR}'s timing: the quick pairs', with a 20 s watchdog. */
    public static final DemoDatacenter.Timing FLAP_TIMING = new DemoDatacenter.Timing(20, Duration.ofMillis(250),
            Duration.ofMillis(250), 3, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** System property: {@code scram} (the default) or {@code plaintext}, how the broker is run. */
    public static final String KAFKA_SECURITY_PROPERTY = "fosfleet.e2e.kafka-security";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FosfleetSystem instance;
    private static RuntimeException startFailure;

    private final Path root;
    private final Path work;
    private final Path logs;
    private final List<String> jvmOptions = List.of(Launch.DEFAULT_JVM_OPTIONS.split(" "));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Every service by process name, as it is started (again). */
    private final Map<String, Launch.Service> services = new LinkedHashMap<>();
    private final Map<String, Child> children = new LinkedHashMap<>();

    private KafkaBroker broker;
    private SyslogListener syslog;
    private SmtpSink smtp;
    private Simulator simulator;
    private DemoDatacenter demo;
    private DemoDatacenter e2e;
    private DemoDatacenter flap;
    /** Device id → MAC, for every simulated device. */
    private final Map<String, MacAddress> macs = new LinkedHashMap<>();
    private final Map<String, Ipv4Address> addresses = new LinkedHashMap<>();

    private FosfleetSystem(Path root) {
        this.root = root;
        this.work = root.resolve("deploy/local/target/e2e-system");
        this.logs = work.resolve("logs");
    }

    /**
     * The system of this JVM, started on the first call (a minute or two on a loaded machine) and stopped when the
     * JVM exits. A start that failed fails every later call with the same exception, at once.
     */
    public static synchronized FosfleetSystem get() {
        if (startFailure != null) {
            throw new IllegalStateException("the system did not start (see the first failure)", startFailure);
        }
        if (instance == null) {
            FosfleetSystem system = new FosfleetSystem(repositoryRoot());
            Runtime.getRuntime().addShutdownHook(new Thread(system::stop, "fosfleet-system-stop"));
            try {
                system.start();
            } catch (Exception | AssertionError e) {
                System.err.println(system.tails(60));
                startFailure = new IllegalStateException("the fosfleet system did not start: " + e, e);
                throw startFailure;
            }
            instance = system;
        }
        return instance;
    }

    /** Whether the system was started in this JVM (for a failure report that should not start it). */
    static synchronized FosfleetSystem startedOrNull() {
        return instance;
    }

    // ---------------------------------------------------------------- start and stop

    private void start() throws Exception {
        long started = System.nanoTime();
        for (String module : List.of("config-service", "device-gateway", "heartbeat-service", "alert-service")) {
            Path jar = new Launch.Service(module, module, 0, List.of()).jar(root);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": build it first (./mvnw -pl deploy/local -am verify "
                        + "builds every service)");
            }
        }
        Launch.stopLeftovers(Child.MARK + work, STOP_GRACE);
        deleteTree(work);
        Files.createDirectories(logs);

        String security = System.getProperty(KAFKA_SECURITY_PROPERTY, "scram");
        Map<String, String> passwords = new LinkedHashMap<>();
        if (security.equals("scram")) {
            Access.USERS.forEach(user -> passwords.put(user, KafkaBroker.Security.randomPassword()));
            broker = KafkaBroker.startSecured(0, work.resolve("kafka"), new KafkaBroker.Security(passwords,
                    Access.allAclBindings()));
        } else if (security.equals("plaintext")) {
            broker = KafkaBroker.start(0, work.resolve("kafka"));
        } else {
            throw new IllegalArgumentException(KAFKA_SECURITY_PROPERTY + " must be scram or plaintext, not " + security);
        }
        log("Kafka broker at " + broker.bootstrapServers() + (broker.secured() ? " (SASL/SCRAM and ACLs, a user per "
                + "service)" : " (plaintext)"));
        Map<String, String> topicProblems = Launch.createTopics(broker.adminSettings());
        if (!topicProblems.isEmpty()) {
            throw new IllegalStateException("topics not created: " + topicProblems);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        syslog = SyslogListener.start(new InetSocketAddress(loopback, 0));
        smtp = SmtpSink.start(new InetSocketAddress(loopback, 0));
        int gatewaySyslog = freeUdpPort();

        // the datacenter on addresses of its own, so it does not clash with a local run or another test JVM
        int x = ThreadLocalRandom.current().nextInt(32, 255);
        int y = ThreadLocalRandom.current().nextInt(0, 249);   // up to y + 6
        String net = "127." + x + ".";
        demo = DemoDatacenter.of(DemoDatacenter.demoPairs(net + y + ".", net + (y + 1) + "."), gatewaySyslog,
                smtp.port(), DemoDatacenter.Timing.DEMO);
        e2e = DemoDatacenter.of(e2ePairs(net + (y + 2) + ".", net + (y + 3) + "."), gatewaySyslog, smtp.port(),
                E2E_TIMING);
        flap = DemoDatacenter.of(List.of(new DemoDatacenter.Pair(FLAP_PAIR, "e2e", FLAP_PAIR + "-fos",
                "00:19:32:e2:03:01", net + (y + 5) + ".1", new DemoDatacenter.Node(FLAP_PAIR + "-pbx1",
                net + (y + 6) + ".1"), new DemoDatacenter.Node(FLAP_PAIR + "-pbx2", net + (y + 6) + ".2"), "MANUAL",
                false)), gatewaySyslog, smtp.port(), FLAP_TIMING);
        simulator = Simulator.start(simulatorConfig(net + (y + 4) + ".", gatewaySyslog));

        DemoKeys keys = DemoKeys.generate(work.resolve("keys"));
        Path rules = work.resolve("alert-rules.yaml");
        Launch.writeAlertRules(rules, syslog.port());
        Launch.Kafka kafka = new Launch.Kafka(broker.bootstrapServers(), passwords);
        int alertPort = freePort();
        add(Launch.configService(kafka, freePort(), keys, work.resolve("config-service"),
                "http://127.0.0.1:" + alertPort));
        add(Launch.deviceGateway(GATEWAYS.get(0), kafka, freePort(), gatewaySyslog));
        add(Launch.deviceGateway(GATEWAYS.get(1), kafka, freePort(), 0));
        for (String name : HEARTBEATS) {
            add(Launch.heartbeatService(name, kafka, freePort(), keys));
        }
        add(Launch.alertService(kafka, alertPort, keys, rules, smtp.port(),
                "-Dfosfleet.alert.flapping.stable-after=" + FLAP_STABLE_AFTER.toSeconds() + "s"));
        // all at once: a service that finds the broker slow at first (a busy machine, every client signing in) waits
        // and tries again; alert-service's topic followers do so too
        for (String name : services.keySet()) {
            startProcess(name);
        }
        for (String name : services.keySet()) {
            awaitReady(name, START_TIMEOUT);
        }
        log("services ready after " + seconds(started) + " s");

        ConfigServiceClient admin = new ConfigServiceClient(configUrl());
        admin.login("admin");
        Launch.loadInventory(admin, demo);
        Launch.loadInventory(admin, e2e);
        Launch.loadInventory(admin, flap);
        for (String id : LOOSE_DEVICES) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("id", id);
            device.put("name", "berofos " + id);
            device.put("mac", macs.get(id).toString());
            device.put("host", addresses.get(id).toString());
            device.put("httpPort", DemoDatacenter.DEVICE_HTTP_PORT);
            device.put("site", "e2e");
            device.put("rack", "loose");
            device.put("pollInterval", "PT1S");
            admin.post("/api/devices", device);
        }
        armWatchdogs();
        // A pair whose primary looked down while the machine was busy starting everything has notifications in
        // flight (its PrimaryDown and the resolution after the group interval): let them go out before a test marks
        // the sinks, so that no test reads a start-up notification as its own.
        if (!syslog.messages().isEmpty() || !smtp.mails().isEmpty()) {
            log("notifications during start-up (" + syslog.messages().size() + " syslog): waiting "
                    + Observe.SETTLE.toSeconds() + " s for the rest of them");
            Thread.sleep(Observe.SETTLE.toMillis());
        }
        log("system ready after " + seconds(started) + " s: " + allPairs().size() + " pairs kicking and armed");
    }

    /** The quick pairs, devices at {@code deviceNet + n}, nodes at {@code nodeNet + n}. */
    private static List<DemoDatacenter.Pair> e2ePairs(String deviceNet, String nodeNet) {
        List<DemoDatacenter.Pair> pairs = new ArrayList<>();
        List<List<Object>> specs = List.of(
                List.of(MANUAL_PAIR, "MANUAL", false), List.of(AUTO_PAIR, "AUTO", true),
                List.of(MAINTENANCE_PAIR, "AUTO", false), List.of(SILENCE_PAIR, "AUTO", true),
                List.of(BROKER_PAIR, "MANUAL", false), List.of(SPARE_PAIR, "MANUAL", false),
                List.of(WATCHDOG_PAIR, "AUTO", false));
        int n = 0;
        for (List<Object> spec : specs) {
            n++;
            String id = (String) spec.get(0);
            pairs.add(new DemoDatacenter.Pair(id, "e2e", id + "-fos", String.format("00:19:32:e2:00:%02X", n),
                    deviceNet + n, new DemoDatacenter.Node(id + "-pbx1", nodeNet + (2 * n - 1)),
                    new DemoDatacenter.Node(id + "-pbx2", nodeNet + (2 * n)), (String) spec.get(1),
                    (Boolean) spec.get(2)));
        }
        return pairs;
    }

    private SimulatorConfig simulatorConfig(String looseNet, int gatewaySyslog) {
        List<DeviceSpec> devices = new ArrayList<>();
        List<NodeSpec> nodes = new ArrayList<>();
        for (DemoDatacenter dc : List.of(demo, e2e, flap)) {
            for (DemoDatacenter.Pair p : dc.pairs()) {
                devices.add(device(p.deviceId(), MacAddress.parse(p.mac()), p.deviceAddress(), dc.settings(p)));
                for (DemoDatacenter.Node node : List.of(p.primary(), p.secondary())) {
                    nodes.add(new NodeSpec(node.id(), Ipv4Address.parse(node.address()), DemoDatacenter.NODE_TCP_PORT,
                            DemoDatacenter.NODE_HTTP_PORT, DemoDatacenter.NODE_SIP_PORT));
                }
            }
        }
        Map<String, String> loose = new LinkedHashMap<>();
        loose.put("modedef", "1");
        loose.put("wdogdef", "0");
        loose.put("syslog", "1");
        loose.put("slgip", "127.0.0.1");
        loose.put("slgpt", String.valueOf(gatewaySyslog));
        int n = 0;
        for (String id : LOOSE_DEVICES) {
            n++;
            devices.add(device(id, MacAddress.parse(String.format("00:19:32:e2:01:%02X", n)), looseNet + n, loose));
        }
        // relay A-D at power-up, so a switch to A-B is visibly a command's doing
        devices.add(device(UNREGISTERED_DEVICE, MacAddress.parse("00:19:32:e2:02:01"), looseNet + (n + 1),
                Map.of("modedef", "0", "wdogdef", "0")));
        return SimulatorConfig.of(devices).withNodes(nodes).withControlApi("127.0.0.1", 0);
    }

    private DeviceSpec device(String id, MacAddress mac, String address, Map<String, String> settings) {
        Map<Key, String> keyed = new EnumMap<>(Key.class);
        settings.forEach((k, v) -> keyed.put(Key.byKeyword(k).orElseThrow(() -> new IllegalArgumentException(k)), v));
        macs.put(id, mac);
        addresses.put(id, Ipv4Address.parse(address));
        return new DeviceSpec(mac, Ipv4Address.parse(address), DemoDatacenter.DEVICE_HTTP_PORT, keyed);
    }

    /** As the local run does it: once every pair is kicked, each watchdog is switched on by a command. */
    private void armWatchdogs() throws Exception {
        Set<String> wanted = allPairs().stream().map(DemoDatacenter.Pair::deviceId).collect(Collectors.toSet());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> kicking = Set.of();
        while (!(kicking = kicking()).containsAll(wanted)) {
            if (System.nanoTime() > deadline) {
                Set<String> missing = new HashSet<>(wanted);
                missing.removeAll(kicking);
                throw new IllegalStateException("heartbeat-service did not kick " + missing + " within 90 s");
            }
            Thread.sleep(300);
        }
        ConfigServiceClient operator = new ConfigServiceClient(configUrl());
        operator.login("operator");
        for (String deviceId : wanted) {
            Launch.enableWatchdog(operator, deviceId, "e2e: arm the watchdog now that heartbeat-service kicks it");
        }
        // every pair kicked, armed and on A-B (a probe that timed out while the machine was busy starting
        // everything makes a short PRIMARY_DOWN; an AUTO pair then switches back by itself)
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String deviceId : wanted) {
            while (device(deviceId).watchdogState() != 1 || !device(deviceId).connections().equals("A-B")
                    || !kicking().contains(deviceId)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(deviceId + " is not kicked, armed and on A-B: "
                            + device(deviceId));
                }
                Thread.sleep(200);
            }
        }
    }

    private void add(Launch.Service service) {
        services.put(service.name(), service);
    }

    private synchronized Child startProcess(String name) {
        Launch.Service s = services.get(name);
        Path log = logs.resolve(name + ".log");
        if (children.containsKey(name) && Files.exists(log)) {
            // a restart: keep what the earlier process logged (name.1.log, name.2.log, ...)
            int n = 1;
            while (Files.exists(logs.resolve(name + "." + n + ".log"))) {
                n++;
            }
            try {
                Files.move(log, logs.resolve(name + "." + n + ".log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // the mark names this harness's directory, so a local run does not take these processes for its own
        Child child = Child.start(name, work, List.of(), s.arguments(root, jvmOptions), s.environment(),
                work.resolve("work").resolve(name), logs.resolve(name + ".log"));
        children.put(name, child);
        return child;
    }

    private void awaitReady(String name, Duration timeout) throws InterruptedException {
        Child child = children.get(name);
        String ready = url(name) + "/q/health/ready";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Launch.httpOk(http, ready)) {
            if (!child.alive()) {
                throw new IllegalStateException(name + " exited with " + child.exitCode() + " while starting:\n"
                        + child.tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + child.tail(30));
            }
            Thread.sleep(300);
        }
    }

    private void stop() {
        List<Child> running;
        synchronized (this) {
            running = new ArrayList<>(children.values());
        }
        running.forEach(Child::requestStop);
        for (Child c : running) {
            try {
                c.awaitStop(STOP_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (simulator != null) {
            simulator.close();
        }
        if (syslog != null) {
            syslog.close();
        }
        try {
            if (smtp != null) {
                smtp.close();
            }
        } catch (IOException e) {
            // the JVM is ending
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ---------------------------------------------------------------- services

    /** Every service's process name, e.g. {@code config-service}, {@code heartbeat-service-2}. */
    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    /** A service's base URL, e.g. {@code http://127.0.0.1:40123} for {@code config-service}. */
    public String url(String service) {
        Launch.Service s = services.get(service);
        if (s == null) {
            throw new IllegalArgumentException("no service " + service + "; there are " + services.keySet());
        }
        return s.baseUrl();
    }

    public String configUrl() {
        return url(CONFIG_SERVICE);
    }

    public String alertUrl() {
        return url(ALERT_SERVICE);
    }

    /** The simulator's control REST API (see simulator/README.md), e.g. {@code POST /nodes/<name>/stop}. */
    public String simulatorUrl() {
        return "http://127.0.0.1:" + simulator.controlPort();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Kills a service's process with SIGKILL and waits until it is gone. */
    public void kill(String service) throws InterruptedException {
        Child child;
        synchronized (this) {
            child = children.get(service);
        }
        if (child == null) {
            throw new IllegalArgumentException("no service " + service);
        }
        child.kill();
        log("killed " + service + " (SIGKILL)");
    }

    /** Whether a service's process is running. */
    public synchronized boolean alive(String service) {
        Child child = children.get(service);
        return child != null && child.alive();
    }

    /**
     * Starts a service again (after {@link #kill(String)}; a running one is stopped gracefully first) on its port,
     * with its properties, and waits until it is ready. Its log file starts afresh.
     */
    public void restart(String service) throws InterruptedException {
        Child old;
        synchronized (this) {
            old = children.get(service);
        }
        if (old.alive()) {
            old.requestStop();
            old.awaitStop(STOP_GRACE);
        }
        startProcess(service);
        awaitReady(service, START_TIMEOUT);
        log("restarted " + service);
    }

    /** The last {@code lines} lines of every service's log, for a failure report. */
    public String tails(int lines) {
        StringBuilder s = new StringBuilder();
        List<Child> all;
        synchronized (this) {
            all = new ArrayList<>(children.values());
        }
        for (Child c : all) {
            s.append("---- last lines of ").append(c.log()).append(c.alive() ? "" : " (exited)").append(" ----\n")
                    .append(c.tail(lines)).append('\n');
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- config-service and HTTP

    /** A fresh bearer token of config-service's demo user {@code viewer}, {@code operator} or {@code admin}. */
    public String token(String user) {
        HttpResponse<String> r = post(configUrl() + "/api/auth/token", null,
                Map.of("username", user, "password", user));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        try {
            return JSON.readTree(r.body()).path("accessToken").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET with an optional bearer token; a refused connection is a response with status -1. */
    public HttpResponse<String> get(String url, String token) {
        return send("GET", url, token, null);
    }

    /** POST of {@code body} as JSON with an optional bearer token. */
    public HttpResponse<String> post(String url, String token, Object body) {
        return send("POST", url, token, body);
    }

    /** DELETE with an optional bearer token. */
    public HttpResponse<String> delete(String url, String token) {
        return send("DELETE", url, token, null);
    }

    /** A response body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpResponse<String> send(String method, String url, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The device ids of the pairs some heartbeat-service replica reports as KICKING (each replica reports the pairs
     * it owns).
     */
    public Set<String> kicking() {
        return Launch.kickingPairs(http, HEARTBEATS.stream().filter(this::alive).map(this::url).toList());
    }

    // ---------------------------------------------------------------- datacenter and simulator

    /** The local run's demo datacenter (six pairs, 10 s watchdogs). */
    public DemoDatacenter demo() {
        return demo;
    }

    /** The quick pairs of the tests. */
    public List<DemoDatacenter.Pair> e2ePairs() {
        return e2e.pairs();
    }

    /** Every pair: the demo's, the quick ones and the flapping one. */
    public List<DemoDatacenter.Pair> allPairs() {
        return Stream.of(demo, e2e, flap).flatMap(dc -> dc.pairs().stream()).toList();
    }

    /** A pair by id, e.g. {@link #MANUAL_PAIR} or {@code fra1-a}. */
    public DemoDatacenter.Pair pair(String id) {
        return allPairs().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pair " + id));
    }

    public Simulator simulator() {
        return simulator;
    }

    /** Every simulated device's id (its inventory id, or {@link #UNREGISTERED_DEVICE}). */
    public List<String> deviceIds() {
        return List.copyOf(macs.keySet());
    }

    /** A simulated device by its inventory id. */
    public SimulatedDevice simulatedDevice(String deviceId) {
        MacAddress mac = macs.get(deviceId);
        if (mac == null) {
            throw new IllegalArgumentException("no simulated device " + deviceId);
        }
        return simulator.device(mac);
    }

    /** What a device shows now: {@code connections()} (A-B / A-D), {@code watchdogState()} (0 off, 1 on, 2 failed). */
    public DeviceStatus device(String deviceId) {
        return simulatedDevice(deviceId).status();
    }

    /** A simulated PBX node by name (e.g. {@code e2e-manual-pbx1}): {@code stop()}, {@code start()}. */
    public PbxNode node(String name) {
        return simulator.node(name);
    }

    // ---------------------------------------------------------------- Kafka and the sinks

    /** The broker; {@code stop()} and {@code restart()} keep its data and port. */
    public KafkaBroker broker() {
        return broker;
    }

    /** What is published to {@code topic} from now on; close it when done. */
    public KafkaTap tap(String topic) {
        return new KafkaTap(adminKafkaSettings(), topic);
    }

    /** A test client's Kafka settings (without the {@code kafka.} prefix): the broker's super user, allowed all. */
    public Map<String, Object> adminKafkaSettings() {
        return broker.adminSettings();
    }

    /**
     * The Kafka settings a service signs in with ({@code config-service}, {@code device-gateway},
     * {@code heartbeat-service}, {@code alert-service}, or the PBX nodes' {@code pbx-node}); on a plaintext broker
     * just the bootstrap servers.
     */
    public Map<String, Object> kafkaSettings(String user) {
        return broker.clientSettings(user);
    }

    /** The NOC's syslog server (alert-service sends here). */
    public SyslogListener syslog() {
        return syslog;
    }

    /** The NOC's mail server (alert-service and the devices send here). */
    public SmtpSink smtp() {
        return smtp;
    }

    /** The mails alert-service sent (not the devices' own). */
    public List<SmtpSink.Mail> alertMails() {
        return smtp.mails().stream().filter(m -> m.from().contains(Launch.ALERT_MAIL_FROM)).toList();
    }

    // ---------------------------------------------------------------- helpers

    static void log(String message) {
        System.out.println("[e2e " + java.time.LocalTime.now() + "] " + message);
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config-service")) && Files.isDirectory(dir.resolve("deploy/local"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no fosfleet repository above " + Path.of("").toAbsolutePath());
    }

    /** Ports handed out in this JVM: the system binds them later, so the OS may offer a closed one again meanwhile. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** A free TCP port not handed out before (two services once got the same port and one failed to start). */
    private static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A connection that was refused or timed out, as a response nobody takes for a success. */
    private record FailedResponse(IOException cause) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return cause.toString(); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
