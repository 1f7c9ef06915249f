package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a simulator from the command line: N devices (and PBX nodes) from flags or a JSON config file, until
 * interrupted. See the module README for the flags, the file format and examples.
 */
public final class SimulatorMain {

    static final String USAGE = """
            Usage: java -jar simulator.jar [options]
              --config FILE             devices and nodes from a JSON file (see README); device flags are then not allowed
              --count N                 number of devices (default 1)
              --first-address A         address of the first device; the next get the next addresses (default 127.0.1.1)
              --first-mac M             MAC of the first device (default 00:19:32:00:00:01)
              --http-port P             web server port of every device (default 80)
              --set KEY=VALUE           initial setting of every device, bnfos keyword (repeatable), e.g. --set wdogitime=10
              --nodes N                 number of PBX nodes node1..nodeN (default 0)
              --first-node-address A    address of the first node (default 127.0.2.1)
              --state-dir DIR           keep device settings in DIR across restarts
              --control-host H          control API address (default 127.0.0.1)
              --control-port P          control API port (default 50124; 0 any free port; -1 none)
              --verbose                 also log dropped datagrams and each SIP answer
              --help                    this text
            """;

    static final int DEFAULT_CONTROL_PORT = 50124;

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$.4s %5$s%6$s%n");
        SimulatorConfig config;
        boolean verbose = List.of(args).contains("--verbose");
        try {
            if (List.of(args).contains("--help")) {
                System.out.print(USAGE);
                return;
            }
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        Logger.getLogger("io.vertx").setLevel(Level.WARNING);
        if (verbose) {
            Logger.getLogger("io.fosfleet").setLevel(Level.FINE);
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setLevel(Level.FINE);
            }
        }
        Simulator sim;
        try {
            sim = Simulator.start(config);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        printReady(sim, config, System.out);
        stopped.await();
    }

    private static void printReady(Simulator sim, SimulatorConfig config, PrintStream out) {
        List<SimulatedDevice> devices = sim.devices();
        int shown = devices.size() <= 32 ? devices.size() : 3;
        for (SimulatedDevice d : devices.subList(0, shown)) {
            out.println(d + ": GBL4 udp/50123, web http://" + d.address() + ":" + d.httpPort() + "/");
        }
        if (shown < devices.size()) {
            SimulatedDevice last = devices.get(devices.size() - 1);
            out.println("… " + (devices.size() - shown - 1) + " more …");
            out.println(last + ": GBL4 udp/50123, web http://" + last.address() + ":" + last.httpPort() + "/");
        }
        for (PbxNode n : sim.nodes()) {
            NodeSpec s = n.spec();
            out.println(n + ": tcp/" + s.tcpPort() + ", http://" + s.address() + ":" + s.httpPort()
                    + "/health, sip udp/" + s.sipPort());
        }
        out.println("simulator ready: " + devices.size() + " devices, " + sim.nodes().size() + " nodes"
                + (sim.controlPort() < 0 ? "" : ", control API http://" + config.controlHost() + ":"
                        + sim.controlPort() + "/"));
        out.flush();
    }

    /** Reads the command line into a configuration. */
    static SimulatorConfig parse(String[] args) {
        int count = 1;
        Ipv4Address firstAddress = Ipv4Address.parse("127.0.1.1");
        MacAddress firstMac = MacAddress.parse("00:19:32:00:00:01");
        int httpPort = 80;
        Map<Key, String> settings = new EnumMap<>(Key.class);
        int nodeCount = 0;
        Ipv4Address firstNodeAddress = Ipv4Address.parse("127.0.2.1");
        Path stateDir = null;
        Path configFile = null;
        String controlHost = "127.0.0.1";
        int controlPort = DEFAULT_CONTROL_PORT;
        boolean deviceFlags = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--verbose")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value"
                        : "unexpected argument '" + flag + "'");
            }
            String value = args[++i];
            switch (flag) {
                case "--config" -> configFile = Path.of(value);
                case "--count" -> {
                    count = number(flag, value, 1, 100_000);
                    deviceFlags = true;
                }
                case "--first-address" -> {
                    firstAddress = Ipv4Address.parse(value);
                    deviceFlags = true;
                }
                case "--first-mac" -> {
                    firstMac = MacAddress.parse(value);
                    deviceFlags = true;
                }
                case "--http-port" -> {
                    httpPort = number(flag, value, 1, 65535);
                    deviceFlags = true;
                }
                case "--set" -> {
                    setting(settings, value);
                    deviceFlags = true;
                }
                case "--nodes" -> {
                    nodeCount = number(flag, value, 0, 10_000);
                    deviceFlags = true;
                }
                case "--first-node-address" -> {
                    firstNodeAddress = Ipv4Address.parse(value);
                    deviceFlags = true;
                }
                case "--state-dir" -> stateDir = Path.of(value);
                case "--control-host" -> controlHost = Ipv4Address.parse(value).toString();
                case "--control-port" -> controlPort = number(flag, value, -1, 65535);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        SimulatorConfig config;
        if (configFile != null) {
            if (deviceFlags) {
                throw new IllegalArgumentException("--config describes the devices and nodes: leave out --count, "
                        + "--first-*, --http-port, --set and --nodes");
            }
            config = fromFile(configFile);
        } else {
            config = SimulatorConfig.of(DeviceSpec.rack(count, firstAddress, firstMac, httpPort, settings))
                    .withNodes(NodeSpec.series(nodeCount, firstNodeAddress));
        }
        if (stateDir != null) {
            config = config.withStateDir(stateDir);
        }
        return config.withControlApi(controlHost, controlPort);
    }

    /**
     * The JSON config file: {@code devices} is a list of groups ({@code count}, first {@code address}, first
     * {@code mac}, {@code httpPort}, {@code settings} by bnfos keyword), {@code nodes} a list of nodes ({@code name},
     * {@code address}, optional {@code tcpPort}, {@code httpPort}, {@code sipPort}); optional {@code stateDir}.
     */
    static SimulatorConfig fromFile(Path file) {
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        try {
            List<DeviceSpec> devices = new ArrayList<>();
            for (Object o : json.getJsonArray("devices", new JsonArray())) {
                JsonObject g = (JsonObject) o;
                Map<Key, String> settings = new EnumMap<>(Key.class);
                g.getJsonObject("settings", new JsonObject())
                        .forEach(e -> setting(settings, e.getKey() + "=" + e.getValue()));
                devices.addAll(DeviceSpec.rack(g.getInteger("count", 1), Ipv4Address.parse(g.getString("address")),
                        MacAddress.parse(g.getString("mac")), g.getInteger("httpPort", 80), settings));
            }
            List<NodeSpec> nodes = new ArrayList<>();
            for (Object o : json.getJsonArray("nodes", new JsonArray())) {
                JsonObject n = (JsonObject) o;
                nodes.add(new NodeSpec(n.getString("name"), Ipv4Address.parse(n.getString("address")),
                        n.getInteger("tcpPort", NodeSpec.DEFAULT_TCP_PORT),
                        n.getInteger("httpPort", NodeSpec.DEFAULT_HTTP_PORT),
                        n.getInteger("sipPort", NodeSpec.DEFAULT_SIP_PORT)));
            }
            SimulatorConfig config = SimulatorConfig.of(devices).withNodes(nodes);
            return Optional.ofNullable(json.getString("stateDir")).map(Path::of).map(config::withStateDir)
                    .orElse(config);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(file + ": unexpected value type: " + e.getMessage(), e);
        }
    }

    private static void setting(Map<Key, String> settings, String keyEqualsValue) {
        int eq = keyEqualsValue.indexOf('=');
        String keyword = eq < 0 ? keyEqualsValue : keyEqualsValue.substring(0, eq);
        Key key = Key.byKeyword(keyword).orElseThrow(() -> new InvalidValueException("setting", keyword,
                "a bnfos keyword such as wdogitime, scenario or apwd"));
        if (eq < 0) {
            throw new InvalidValueException(keyword, null, "KEY=VALUE");
        }
        settings.put(key, keyEqualsValue.substring(eq + 1));
    }

    private static int number(String flag, String value, int min, int max) {
        if (value.matches("-?[0-9]{1,9}")) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new InvalidValueException(flag, value, "a number from " + min + " to " + max);
    }
}
