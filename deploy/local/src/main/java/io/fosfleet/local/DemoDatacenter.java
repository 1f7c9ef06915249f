package io.fosfleet.local;

import io.fosfleet.protocol.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo datacenter of a local run: three sites with two PBX pairs each, every pair one simulated berofos and two
 * simulated PBX nodes. One description feeds both the simulator's config file and config-service's inventory, so the
 * devices start out exactly as the inventory wants them (no drift on the first poll).
 */
public record DemoDatacenter(List<Pair> pairs, Map<String, String> deviceSettings, Timing timing) {

    static final List<String> SITES = List.of("fra1", "ber1", "muc1");
    /** Pair "a" of a site shows the default (manual recovery, failover by watchdog), pair "b" the fast path. */
    static final List<String> PAIRS_PER_SITE = List.of("a", "b");

    /** Devices and nodes live on loopback addresses of their own (all of 127/8 is local on Linux). */
    static final String DEVICE_NET = "127.0.77.";
    static final String NODE_NET = "127.0.78.";
    /** Not the device's usual 80: binding below 1024 needs root. Each device has its own address, so no clash. */
    public static final int DEVICE_HTTP_PORT = 8080;
    /** The simulator's node defaults, which are also the usual Asterisk ports (AMI, HTTP, SIP). */
    public static final int NODE_TCP_PORT = 5038;
    public static final int NODE_HTTP_PORT = 8088;
    public static final int NODE_SIP_PORT = 5060;
    /**
     * Watchdog interval: above heartbeat-service's worst-case kick gap for a 1 s kick interval and 1 s probe timeout
     * (4.5 s, see its README) with room for a loaded laptop; a failover still shows within seconds.
     */
    public static final int WATCHDOG_SECONDS = 10;
    public static final String NOC_MAIL = "noc@fosfleet.local";

    /**
     * How quickly a datacenter's parts act: the devices' watchdog interval, every probe's interval, timeout and
     * thresholds, the pairs' kick interval and start delay, and how often device-gateway polls the devices.
     */
    public record Timing(int watchdogSeconds, Duration probeInterval, Duration probeTimeout, int failureThreshold,
                         int successThreshold, Duration kickInterval, Duration startDelay, Duration pollInterval) {
        /** The local run's demo: failover within seconds, easy to follow by eye. */
        public static final Timing DEMO = new Timing(WATCHDOG_SECONDS, Duration.ofSeconds(1), Duration.ofSeconds(1),
                2, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** One PBX pair: its berofos and its two nodes. */
    public record Pair(String id, String site, String deviceId, String mac, String deviceAddress, Node primary,
                       Node secondary, String failoverPolicy, boolean fastFailover) {
    }

    /** A PBX node: its inventory id is also its name in the simulator's control API. */
    public record Node(String id, String address) {
    }

    static DemoDatacenter of(Ports ports) {
        return new DemoDatacenter(demoPairs(DEVICE_NET, NODE_NET), settings(ports.gatewaySyslog(), ports.smtpSink(),
                Timing.DEMO), Timing.DEMO);
    }

    /**
     * Any datacenter: these pairs, their devices sending syslog to device-gateway on 127.0.0.1:{@code gatewaySyslog}
     * and mail to 127.0.0.1:{@code smtpSink}, everything acting as fast as {@code timing} says.
     */
    public static DemoDatacenter of(List<Pair> pairs, int gatewaySyslog, int smtpSink, Timing timing) {
        return new DemoDatacenter(List.copyOf(pairs), settings(gatewaySyslog, smtpSink, timing), timing);
    }

    /**
     * The demo's six pairs, devices at {@code deviceNet + n} and nodes at {@code nodeNet + n} (each net a prefix
     * such as {@code "127.0.77."}).
     */
    public static List<Pair> demoPairs(String deviceNet, String nodeNet) {
        List<Pair> pairs = new ArrayList<>();
        int n = 0;
        for (String site : SITES) {
            for (String p : PAIRS_PER_SITE) {
                n++;
                String id = site + "-" + p;
                boolean fast = p.equals("b");
                pairs.add(new Pair(id, site, id + "-fos", String.format("00:19:32:77:00:%02X", n), deviceNet + n,
                        new Node(id + "-pbx1", nodeNet + (2 * n - 1)), new Node(id + "-pbx2", nodeNet + (2 * n)),
                        fast ? "AUTO" : "MANUAL", fast));
            }
        }
        return List.copyOf(pairs);
    }

    private static Map<String, String> settings(int gatewaySyslog, int smtpSink, Timing timing) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(Key.MODEDEF.keyword(), "1");          // relay A-B at power-up: the primary carries the lines
        settings.put(Key.WDOGDEF.keyword(), "0");          // armed by the launcher once heartbeat-service kicks (else: failover at boot)
        settings.put(Key.WDOGITIME.keyword(), String.valueOf(timing.watchdogSeconds()));
        settings.put(Key.SYSLOG.keyword(), "1");            // the devices' own syslog goes to device-gateway: failovers seen at once
        settings.put(Key.SLGIP.keyword(), "127.0.0.1");
        settings.put(Key.SLGPT.keyword(), String.valueOf(gatewaySyslog));
        settings.put(Key.WDOGMAIL.keyword(), "1");          // and the device mails the NOC itself on failover, as real boxes do
        settings.put(Key.SMTPSERV.keyword(), "127.0.0.1:" + smtpSink);
        settings.put(Key.SMTPTO.keyword(), NOC_MAIL);
        return Map.copyOf(settings);
    }

    /** The simulator's {@code --config} file. */
    public Map<String, Object> simulatorConfig() {
        List<Object> devices = new ArrayList<>();
        List<Object> nodes = new ArrayList<>();
        for (Pair p : pairs) {
            devices.add(Map.of("address", p.deviceAddress(), "mac", p.mac(), "httpPort", DEVICE_HTTP_PORT,
                    "settings", settings(p)));
            for (Node node : List.of(p.primary(), p.secondary())) {
                nodes.add(Map.of("name", node.id(), "address", node.address(), "tcpPort", NODE_TCP_PORT,
                        "httpPort", NODE_HTTP_PORT, "sipPort", NODE_SIP_PORT));
            }
        }
        return Map.of("devices", devices, "nodes", nodes);
    }

    /** {@code POST /api/nodes} bodies: every node probed on TCP, HTTP and SIP OPTIONS, all three must pass. */
    public List<Map<String, Object>> nodeRequests() {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (Pair p : pairs) {
            for (Node node : List.of(p.primary(), p.secondary())) {
                requests.add(Map.of("id", node.id(), "name", "PBX " + node.id(), "host", node.address(),
                        "probeCombination", "ALL", "probes", List.of(
                                probe("TCP", NODE_TCP_PORT, null),
                                probe("HTTP", NODE_HTTP_PORT, "/health"),
                                probe("SIP_OPTIONS", NODE_SIP_PORT, null))));
            }
        }
        return requests;
    }

    /** {@code POST /api/devices} bodies. */
    public List<Map<String, Object>> deviceRequests() {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (Pair p : pairs) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("id", p.deviceId());
            device.put("name", "berofos " + p.id());
            device.put("mac", p.mac());
            device.put("host", p.deviceAddress());
            device.put("httpPort", DEVICE_HTTP_PORT);
            device.put("site", p.site());
            device.put("rack", "rack-" + p.id().substring(p.id().length() - 1));
            device.put("pollInterval", timing.pollInterval().toString());
            device.put("driftPolicy", "ENFORCE");
            device.put("settings", settings(p));
            requests.add(device);
        }
        return requests;
    }

    /** {@code POST /api/pairs} bodies: kicked every kick interval. */
    public List<Map<String, Object>> pairRequests() {
        return pairs.stream().<Map<String, Object>>map(p -> Map.of("id", p.id(), "deviceId", p.deviceId(),
                "primaryNodeId", p.primary().id(), "secondaryNodeId", p.secondary().id(), "scenario", 0,
                "kickInterval", timing.kickInterval().toString(), "startDelay", timing.startDelay().toString(),
                "failoverPolicy", p.failoverPolicy(),
                "fastFailover", p.fastFailover())).toList();
    }

    /** What a pair's berofos is set to, in the simulator and as desired in the inventory alike. */
    public Map<String, String> settings(Pair p) {
        Map<String, String> settings = new LinkedHashMap<>(deviceSettings);
        settings.put(Key.HOSTNAME.keyword(), p.deviceId());
        return settings;
    }

    private Map<String, Object> probe(String type, int port, String path) {
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("type", type);
        probe.put("port", port);
        if (path != null) {
            probe.put("path", path);
        }
        probe.put("interval", timing.probeInterval().toString());
        probe.put("timeout", timing.probeTimeout().toString());
        probe.put("failureThreshold", timing.failureThreshold());
        probe.put("successThreshold", timing.successThreshold());
        return probe;
    }
}
