package io.fosfleet.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole fosfleet system on one machine: starts the Kafka broker, the NOC's syslog and mail sinks, a simulated
 * datacenter and the four services as separate processes, loads the demo inventory through config-service, and
 * stops everything again on Ctrl-C. Started by {@code deploy/local/run}, which builds what is missing first.
 */
public final class LocalRun {

    /** A loaded two-core laptop starts four Quarkus services at once in about a minute; give it room. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** heartbeat-service keeps kicking for its handover grace on shutdown; its own limit is 30 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(35);

    private final Path root;
    private final Path state;
    private final Path logs;
    /** This run's token-signing pair, made by {@link #prepareState()}. */
    private DemoKeys keys;
    private final Ports ports;
    private final DemoDatacenter demo;
    private final Set<String> notBuilt;
    private final RunOptions options;
    private final List<String> jvmOptions;
    private final List<Child> children = new ArrayList<>();
    /** The services started, with their processes, for the summary (replicas with URL and pid). */
    private final Map<Launch.Service, Child> running = new LinkedHashMap<>();
    /** What did not start or failed, per component, for the summary. */
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean stopping;

    private LocalRun(Path root, Ports ports, RunOptions options, List<String> jvmOptions) {
        this.root = root;
        this.state = root.resolve(".fosfleet");
        this.logs = state.resolve("logs");
        this.ports = ports;
        this.demo = DemoDatacenter.of(ports);
        this.notBuilt = options.notBuilt();
        this.options = options;
        this.jvmOptions = jvmOptions;
    }

    /**
     * {@code LocalRun [--heartbeat-replicas N] [--gateway-replicas N] [--not-built module,module]}: see
     * {@link RunOptions}; modules whose build failed are reported, not started.
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("fosfleet.root", ".")).toAbsolutePath().normalize();
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(RunOptions.USAGE);
            return;
        }
        Ports ports;
        RunOptions options;
        try {
            options = RunOptions.parse(Arrays.asList(args));
            ports = Ports.from(System.getenv());
            plan(ports, options, null, root.resolve(".fosfleet"));   // refuses replica ports that clash
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String jvm = System.getenv().getOrDefault("FOS_JAVA_OPTS", Launch.DEFAULT_JVM_OPTIONS);
        LocalRun run = new LocalRun(root, ports, options, List.of(jvm.trim().split("\\s+")));
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll, "local-run-shutdown"));
        run.run();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        stopLeftovers();
        checkPortsFree();
        prepareState();

        Child sinks = start("sinks", List.of("-Xmx64m", "-cp", launcherJar(), Sinks.class.getName(),
                String.valueOf(ports.syslogSink()), String.valueOf(ports.smtpSink()),
                state.resolve("syslog.log").toString(), state.resolve("mail").toString()));
        Child broker = start("kafka", List.of("-Xmx512m", "-cp", launcherJar(), "io.fosfleet.testing.KafkaBrokerMain",
                "--port", String.valueOf(ports.kafka()), "--data-dir", state.resolve("kafka").toString()));
        Child simulator = startSimulator();
        if (!await(broker, () -> broker.logged("Kafka broker listening on"))) {
            System.out.println("Without Kafka nothing else can work; stopping.");
            System.exit(1);
        }
        createTopics();

        List<Launch.Service> services = plan(ports, options, keys, state);
        for (Launch.Service service : services) {
            Path jar = service.jar(root);
            if (!Files.isDirectory(root.resolve(service.module()))) {
                problem(service.name(), "module " + service.module() + "/ does not exist yet: not started");
            } else if (notBuilt.contains(service.module())) {
                problem(service.name(), "build failed (see .fosfleet/logs/build.log): not started");
            } else if (!Files.exists(jar)) {
                problem(service.name(), "no " + root.relativize(jar) + ": not started");
            } else {
                running.put(service, start(service.name(), service.arguments(root, jvmOptions),
                        service.environment()));
            }
        }
        await(sinks, () -> sinks.logged("sinks ready"));
        if (simulator != null) {
            await(simulator, () -> simulator.logged("simulator ready"));
        }
        for (Map.Entry<Launch.Service, Child> e : new ArrayList<>(running.entrySet())) {
            await(e.getValue(), () -> httpOk("http://127.0.0.1:" + e.getKey().port() + "/q/health/ready"));
        }

        if (isUp("config-service") && !httpOk("http://127.0.0.1:" + ports.configService() + "/console/login")) {
            problem("console", "config-service serves no console page; use its API (Swagger UI at /q/swagger-ui/)");
        }
        boolean inventory = running.keySet().stream().anyMatch(s -> s.name().equals("config-service"))
                && isUp("config-service") && loadInventory();
        if (inventory && isUp("heartbeat-service") && isUp("device-gateway") && isUp("simulator")) {
            armWatchdogs();
        } else if (inventory) {
            problem("watchdogs", "not armed: they need heartbeat-service, device-gateway and the "
                    + "simulator running");
        }
        printSummary(Duration.ofNanos(System.nanoTime() - started));
        watch();
    }

    // ---------------------------------------------------------------- processes

    private Child start(String name, List<String> args) {
        return start(name, args, Map.of());
    }

    private Child start(String name, List<String> args, Map<String, String> environment) {
        Child child = Child.start(name, root, List.of(), args, environment, state.resolve("work").resolve(name),
                logs.resolve(name + ".log"));
        synchronized (children) {
            children.add(child);
        }
        System.out.println("started " + name + " (pid " + child.pid() + "), log .fosfleet/logs/" + name + ".log");
        return child;
    }

    private Child startSimulator() {
        Path jar = root.resolve("simulator/target/simulator.jar");
        if (!Files.exists(jar) || notBuilt.contains("simulator")) {
            problem("simulator", "no simulator/target/simulator.jar: no demo datacenter");
            return null;
        }
        return start("simulator", List.of("-Xmx256m", "-jar", jar.toString(),
                "--config", state.resolve("simulator.json").toString(),
                "--control-host", "127.0.0.1", "--control-port", String.valueOf(ports.simulatorControl())));
    }

    /**
     * The services this run starts, in order, with their names and ports: config-service, the device-gateway
     * replicas (only the first receives the devices' syslog: a device sends it to one address), the
     * heartbeat-service replicas, alert-service. Replica k of a service listens on its port + (k − 1) × 100.
     *
     * @param keys null only to check the plan before the keys exist (the properties then name no key files)
     * @throws IllegalArgumentException when a replica's port is another process's port
     */
    static List<Launch.Service> plan(Ports ports, RunOptions options, DemoKeys keys, Path state) {
        DemoKeys k = keys != null ? keys : DemoKeys.placeholder(state.resolve("keys"));
        String bootstrap = "127.0.0.1:" + ports.kafka();
        List<Launch.Service> plan = new ArrayList<>();
        // a fresh database per run: the broker's topics are fresh too, see prepareState()
        plan.add(Launch.configService(bootstrap, ports.configService(), k, state.resolve("config-service"),
                "http://127.0.0.1:" + ports.alert()));
        for (int i = 1; i <= options.gatewayReplicas(); i++) {
            plan.add(Launch.deviceGateway(RunOptions.replicaName("device-gateway", i), bootstrap,
                    RunOptions.replicaPort(ports.gateway(), i), i == 1 ? ports.gatewaySyslog() : 0));
        }
        for (int i = 1; i <= options.heartbeatReplicas(); i++) {
            plan.add(Launch.heartbeatService(RunOptions.replicaName("heartbeat-service", i), bootstrap,
                    RunOptions.replicaPort(ports.heartbeat(), i), k));
        }
        plan.add(Launch.alertService(bootstrap, ports.alert(), k, state.resolve("alert-rules.yaml"),
                ports.smtpSink()));
        Map<Integer, String> taken = new LinkedHashMap<>(tcpPorts(ports));
        for (Launch.Service s : plan) {
            String other = taken.get(s.port());
            if (other != null && !other.equals(variable(s))) {
                throw new IllegalArgumentException(s.name() + " would listen on port " + s.port() + ", which is "
                        + other + "'s; set FOS_" + (s.module().equals("device-gateway") ? "GATEWAY" : "HEARTBEAT")
                        + "_PORT or " + other + " so that the replicas' ports (every " + RunOptions.REPLICA_PORT_STEP
                        + " above the first) are free");
            }
            taken.put(s.port(), variable(s));
        }
        return plan;
    }

    /** The environment variable that sets a service's (first replica's) port; a replica's own name otherwise. */
    private static String variable(Launch.Service s) {
        return switch (s.name()) {
            case "config-service" -> "FOS_CONFIG_PORT";
            case "device-gateway" -> "FOS_GATEWAY_PORT";
            case "heartbeat-service" -> "FOS_HEARTBEAT_PORT";
            case "alert-service" -> "FOS_ALERT_PORT";
            default -> s.name();
        };
    }

    /** The TCP ports of the processes that are not replicated, by port, named by the variable that sets each. */
    private static Map<Integer, String> tcpPorts(Ports ports) {
        Map<Integer, String> tcp = new LinkedHashMap<>();
        tcp.put(ports.kafka(), "FOS_KAFKA_PORT");
        tcp.put(ports.simulatorControl(), "FOS_SIMULATOR_PORT");
        tcp.put(ports.smtpSink(), "FOS_SMTP_PORT");
        return tcp;
    }

    /** Waits until {@code ready}; false (and noted) when the process died or the time ran out. */
    private boolean await(Child child, BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            if (!child.alive()) {
                problem(child.name(), "exited with code " + child.exitCode() + " while starting; last lines of "
                        + "its log:\n" + indent(child.tail(15)));
                return false;
            }
            if (System.nanoTime() > deadline) {
                problem(child.name(), "not ready after " + START_TIMEOUT.toMinutes() + " min (still running); "
                        + "see .fosfleet/logs/" + child.name() + ".log");
                return false;
            }
            Thread.sleep(500);
        }
        System.out.println("ready   " + child.name());
        return true;
    }

    /** Notes what does not work, now and again in the summary. */
    private void problem(String what, String why) {
        problems.put(what, why);
        System.out.println("FAILED  " + what + ": " + why);
    }

    private boolean isUp(String name) {
        synchronized (children) {
            return !problems.containsKey(name) && children.stream().anyMatch(c -> c.name().equals(name) && c.alive());
        }
    }

    private boolean httpOk(String url) {
        return Launch.httpOk(http, url);
    }

    /** After start-up: reports a process that ends on its own; Ctrl-C ends this loop through the shutdown hook. */
    private void watch() throws InterruptedException {
        Set<String> reported = new HashSet<>();
        while (true) {
            Thread.sleep(1000);
            synchronized (children) {
                for (Child c : children) {
                    if (!stopping && !c.alive() && reported.add(c.name())) {
                        System.out.println(c.name() + " exited with code " + c.exitCode() + "; see .fosfleet/logs/"
                                + c.name() + ".log. The others keep running.");
                    }
                }
            }
        }
    }

    /** Stops every child: all asked at once (services first, the broker last), then each awaited. */
    private void stopAll() {
        stopping = true;
        List<Child> toStop;
        synchronized (children) {
            toStop = new ArrayList<>(children);
        }
        if (toStop.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("stopping " + toStop.size() + " processes ...");
        Collections.reverse(toStop);
        Child broker = toStop.stream().filter(c -> c.name().equals("kafka")).findFirst().orElse(null);
        try {
            // The services stop while Kafka is still there (commits, outboxes); the broker goes last. (Ctrl-C in a
            // terminal also reaches every child directly, at once; this order then only helps the stragglers.)
            toStop.stream().filter(c -> c != broker).forEach(Child::requestStop);
            for (Child c : toStop) {
                if (c != broker) {
                    c.awaitStop(STOP_GRACE);
                }
            }
            if (broker != null) {
                broker.requestStop();
                broker.awaitStop(STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            toStop.forEach(Child::requestStop);
        }
        System.out.println("all stopped. Logs: .fosfleet/logs/, syslog: .fosfleet/syslog.log, mail: .fosfleet/mail/");
    }

    /** Stops processes of an earlier run of this repository whose launcher was killed without cleaning up. */
    private void stopLeftovers() throws InterruptedException {
        for (long pid : Launch.stopLeftovers(Child.MARK + root, STOP_GRACE)) {
            System.out.println("stopped pid " + pid + ", left over from an earlier run");
        }
    }

    private void checkPortsFree() {
        // per port, what to do when it is taken
        Map<String, Integer> tcp = new LinkedHashMap<>();
        tcpPorts(ports).forEach((port, variable) -> tcp.put("set " + variable + " to another port", port));
        for (Launch.Service s : plan(ports, options, null, state)) {
            if (variable(s).startsWith("FOS_")) {
                tcp.put("set " + variable(s) + " to another port", s.port());
            } else {
                // a replica's port moves with its first replica's: name the variable that sets that one
                String first = s.module().equals("device-gateway") ? "FOS_GATEWAY_PORT" : "FOS_HEARTBEAT_PORT";
                int offset = s.port() - (s.module().equals("device-gateway") ? ports.gateway() : ports.heartbeat());
                tcp.put(s.name() + " listens on " + first + " + " + offset + ": set " + first + " to another port, "
                        + "or start fewer replicas", s.port());
            }
        }
        List<String> taken = new ArrayList<>();
        tcp.forEach((variable, port) -> {
            try (ServerSocket s = new ServerSocket()) {
                // as the services bind: connections of the last run still in TIME_WAIT do not count as in use
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                taken.add("port " + port + " is in use (" + variable + ")");
            }
        });
        if (!taken.isEmpty()) {
            taken.forEach(System.err::println);
            System.err.println("Is another local run still going? (ps -ef | grep fosfleet.local.run)");
            System.exit(1);
        }
    }

    /**
     * Every run starts from a fresh demo: the broker deletes its data when it stops, so config-service's database and
     * the simulated devices' state are started afresh too (an old database would not be on the new, empty
     * {@code fos.config}). Built jars are not touched.
     */
    private void prepareState() throws IOException {
        for (String dir : List.of("kafka", "config-service", "mail", "work", "keys")) {
            deleteTree(state.resolve(dir));
        }
        Files.createDirectories(logs);
        Files.createDirectories(state.resolve("mail"));
        keys = DemoKeys.generate(state.resolve("keys"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(state.resolve("simulator.json").toFile(), demo.simulatorConfig());
        Launch.writeAlertRules(state.resolve("alert-rules.yaml"), ports.syslogSink());
    }

    private String launcherJar() {
        return root.resolve("deploy/local/target/local-run.jar").toString();
    }

    // ---------------------------------------------------------------- Kafka, inventory, watchdogs

    private void createTopics() throws InterruptedException {
        Launch.createTopics("127.0.0.1:" + ports.kafka()).forEach((topic, why) -> problem("kafka topics",
                topic + ": " + why));
        System.out.println("created topics " + Launch.topics().stream().map(NewTopic::name)
                .collect(Collectors.joining(", ")));
    }

    /** The demo datacenter into config-service: nodes, then devices, then the pairs that join them. */
    private boolean loadInventory() throws InterruptedException {
        ConfigServiceClient api = new ConfigServiceClient("http://127.0.0.1:" + ports.configService());
        try {
            api.login("admin");
            Launch.loadInventory(api, demo);
            System.out.println("loaded  inventory: " + demo.pairs().size() + " pairs, " + demo.pairs().size()
                    + " devices, " + 2 * demo.pairs().size() + " nodes");
            return true;
        } catch (IOException e) {
            problem("inventory", "could not be loaded into config-service: " + e.getMessage());
            return false;
        }
    }

    /**
     * The devices boot with their watchdog off (else they would fail over before anything kicks them). Once
     * heartbeat-service kicks every pair, the watchdogs are switched on the way an operator does it: a command through
     * config-service, carried out by device-gateway.
     */
    private void armWatchdogs() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> kicking = Set.of();
        while (System.nanoTime() < deadline) {
            kicking = kickingPairs();
            if (kicking.size() == demo.pairs().size()) {
                break;
            }
            Thread.sleep(500);
        }
        ConfigServiceClient api = new ConfigServiceClient("http://127.0.0.1:" + ports.configService());
        List<String> armed = new ArrayList<>();
        try {
            api.login("operator");
            for (DemoDatacenter.Pair p : demo.pairs()) {
                if (kicking.contains(p.deviceId())) {
                    Launch.enableWatchdog(api, p.deviceId(),
                            "local run: arm the watchdog now that heartbeat-service kicks it");
                    armed.add(p.id());
                }
            }
        } catch (IOException e) {
            problem("watchdogs", "could not be armed through config-service: " + e.getMessage());
            return;
        }
        if (armed.size() < demo.pairs().size()) {
            problem("watchdogs", "armed for " + armed + " only: heartbeat-service did not kick the other pairs "
                    + "within 90 s (see .fosfleet/logs/heartbeat-service.log)");
        }
        System.out.println("armed   watchdogs of " + armed.size() + " devices (" + DemoDatacenter.WATCHDOG_SECONDS
                + " s)");
    }

    /** The device ids heartbeat-service reports as KICKING. */
    private Set<String> kickingPairs() {
        return Launch.kickingPairs(http, running.keySet().stream().filter(s -> s.module().equals("heartbeat-service"))
                .map(Launch.Service::baseUrl).toList());
    }

    // ---------------------------------------------------------------- summary

    private void printSummary(Duration took) {
        String config = "http://127.0.0.1:" + ports.configService();
        String sim = "http://127.0.0.1:" + ports.simulatorControl();
        DemoDatacenter.Pair manual = demo.pairs().get(0);
        DemoDatacenter.Pair fast = demo.pairs().get(1);
        String token = "TOKEN=$(curl -s -X POST " + config + "/api/auth/token -H 'Content-Type: application/json' "
                + "-d '{\"username\":\"operator\",\"password\":\"operator\"}' | sed 's/.*\"accessToken\":\"\\([^\"]*\\)\".*/\\1/')";
        String command = "curl -s -X POST " + config + "/api/devices/" + manual.deviceId() + "/commands "
                + "-H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d ";
        StringBuilder s = new StringBuilder();
        s.append("\n==================================================================================\n");
        s.append(" fosfleet is running (" + took.toSeconds() + " s). Ctrl-C stops everything.\n\n");
        s.append(" Console         " + config + "/console  (sign in as a demo user)\n");
        s.append(" API             " + config + "/q/swagger-ui/  (bearer token: POST /api/auth/token as a demo user)\n");
        s.append(" Demo users      viewer/viewer, operator/operator, admin/admin (config-service demo accounts)\n");
        s.append(" Services        config-service :" + ports.configService() + "  alert-service :" + ports.alert()
                + "  Kafka 127.0.0.1:" + ports.kafka() + "\n");
        s.append(replicas("device-gateway", "  (only the first receives the devices' syslog)"));
        s.append(replicas("heartbeat-service", ""));
        if (options.heartbeatReplicas() > 1 || options.gatewayReplicas() > 1) {
            s.append("                 HA: kill -9 one replica's pid; another takes its pairs over within a few "
                    + "seconds\n                 (curl -s <replica URL>/pairs lists what each one kicks; "
                    + "deploy/local/README.md, \"Several replicas\")\n");
        }
        s.append(" Datacenter      " + demo.pairs().size() + " pairs in " + DemoDatacenter.SITES + ": "
                + demo.pairs().stream().map(DemoDatacenter.Pair::id).collect(Collectors.joining(" ")) + "\n");
        s.append("                 pairs *-a: MANUAL recovery, failover when the " + DemoDatacenter.WATCHDOG_SECONDS
                + " s watchdog runs out; pairs *-b: AUTO recovery, fast failover\n");
        s.append("                 simulator control API " + sim + "/devices, " + sim + "/nodes\n");
        s.append(" Syslog          alert-service -> udp/" + ports.syslogSink() + " -> .fosfleet/syslog.log"
                + "      tail -f .fosfleet/syslog.log\n");
        s.append(" Mail            alert-service and devices -> smtp :" + ports.smtpSink()
                + " -> .fosfleet/mail/NNNN.eml   ls .fosfleet/mail; subjects: see deploy/local/README.md\n");
        s.append(" Logs            .fosfleet/logs/<process>.log (one per process)\n\n");
        s.append(" Fail the primary of " + manual.id() + ":    curl -s -X POST " + sim + "/nodes/" + manual.primary().id()
                + "/stop\n");
        s.append(" Restore it:                   curl -s -X POST " + sim + "/nodes/" + manual.primary().id()
                + "/start\n");
        s.append("   (MANUAL: the device stays on the secondary until an operator re-arms it and switches back:)\n");
        s.append("   " + token + "\n");
        s.append("   " + command + "'{\"type\":\"WATCHDOG_REARM\",\"reason\":\"primary back\"}'\n");
        s.append("   " + command + "'{\"type\":\"SWITCH_RELAY\",\"parameters\":{\"mode\":\"1\"},\"reason\":\"primary back\"}'\n");
        s.append(" Fail / restore " + fast.id() + " (fast failover, AUTO recovery):\n");
        s.append("   curl -s -X POST " + sim + "/nodes/" + fast.primary().id() + "/stop ;  curl -s -X POST " + sim
                + "/nodes/" + fast.primary().id() + "/start\n");
        s.append(" Device state    curl -s " + sim + "/devices/" + manual.mac() + "\n");
        if (!problems.isEmpty()) {
            s.append("\n NOT WORKING:\n");
            problems.forEach((what, why) -> s.append("   " + what + ": " + why + "\n"));
        }
        s.append("==================================================================================\n");
        System.out.println(s);
    }

    /** The banner's lines for one replicated service: each replica with its URL and pid. */
    private String replicas(String module, String note) {
        StringBuilder s = new StringBuilder();
        String label = String.format(" %-16s", module.equals("device-gateway") ? "Gateways" : "Heartbeat");
        for (Launch.Service service : plan(ports, options, null, state)) {
            if (!service.module().equals(module)) {
                continue;
            }
            Child child = running.get(service);
            s.append(label).append(String.format("%-20s %s  %s", service.name(), service.baseUrl(),
                    child == null ? "not started" : "pid " + child.pid()));
            if (service.name().equals(module)) {
                s.append(note);
            }
            s.append("\n");
            label = String.format(" %-16s", "");
        }
        return s.toString();
    }

    private static String indent(String text) {
        return text.lines().map(l -> "      " + l).collect(Collectors.joining("\n"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
