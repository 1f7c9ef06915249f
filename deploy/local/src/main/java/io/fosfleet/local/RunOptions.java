package io.fosfleet.local;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code deploy/local/run} was asked for on its command line: how many heartbeat-service and device-gateway
 * replicas to start (so high availability can be tried on one machine), and which modules did not build.
 *
 * @param heartbeatReplicas heartbeat-service processes, 1 to {@link #MAX_REPLICAS}
 * @param gatewayReplicas   device-gateway processes, 1 to {@link #MAX_REPLICAS}
 * @param notBuilt          modules whose build failed (passed on by the script): reported, not started
 */
public record RunOptions(int heartbeatReplicas, int gatewayReplicas, Set<String> notBuilt) {

    /** Each replica is a JVM of about 250 MB; five of each fit a laptop and show everything HA does. */
    public static final int MAX_REPLICAS = 5;
    /** Replica k (k ≥ 2) of a service listens on the service's port + (k − 1) × this. */
    public static final int REPLICA_PORT_STEP = 100;

    public static final String USAGE = """
            usage: deploy/local/run [--heartbeat-replicas N] [--gateway-replicas N] [--help]

              --heartbeat-replicas N   start N heartbeat-service replicas (1-5, default 1)
              --gateway-replicas N     start N device-gateway replicas (1-5, default 1)
              --help                   this text

            Replica 1 of a service listens on its usual port (FOS_HEARTBEAT_PORT, FOS_GATEWAY_PORT); replica k on
            that port + (k-1) x 100, e.g. heartbeat-service 18082, 18182, 18282. The start banner lists every
            replica with its URL and pid. Kill one (kill -9 <pid>) and watch another take its pairs over.
            Ports and everything else: deploy/local/README.md""";

    public RunOptions {
        notBuilt = Set.copyOf(notBuilt);
    }

    /** One replica of each, nothing failed to build. */
    public static RunOptions defaults() {
        return new RunOptions(1, 1, Set.of());
    }

    /**
     * Reads the launcher's arguments; refuses anything it does not know, and counts that are not whole numbers from
     * 1 to {@link #MAX_REPLICAS}, with a message that says which argument and what is allowed.
     */
    public static RunOptions parse(List<String> args) {
        int heartbeat = 1;
        int gateway = 1;
        Set<String> notBuilt = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(i + 1) : null;
            switch (name) {
                case "--heartbeat-replicas", "--gateway-replicas", "--not-built" -> {
                    if (value == null) {
                        throw new IllegalArgumentException(name + " needs a value" + (name.equals("--not-built") ? ""
                                : ": a number of replicas from 1 to " + MAX_REPLICAS));
                    }
                    if (!arg.contains("=")) {
                        i++;
                    }
                    if (name.equals("--not-built")) {
                        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                                .forEach(notBuilt::add);
                    } else if (name.equals("--heartbeat-replicas")) {
                        heartbeat = replicas(name, value);
                    } else {
                        gateway = replicas(name, value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + shown(arg)
                        + "; deploy/local/run --help lists the options");
            }
        }
        return new RunOptions(heartbeat, gateway, notBuilt);
    }

    private static int replicas(String option, String value) {
        String v = value.strip();
        if (v.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_REPLICAS) {
                return n;
            }
        }
        throw new IllegalArgumentException(option + " " + shown(value) + " is not a number of replicas; allowed 1 to "
                + MAX_REPLICAS);
    }

    /** A value as typed, quoted and cut to 40 characters, so an error message stays one short line. */
    private static String shown(String value) {
        String v = value.codePoints().limit(40).mapToObj(c -> Character.isISOControl(c) ? "?" : Character.toString(c))
                .collect(Collectors.joining());
        return "'" + v + (value.length() > 40 ? "…" : "") + "'";
    }

    /** The port of replica {@code k} (1-based) of a service whose first replica listens on {@code first}. */
    public static int replicaPort(int first, int k) {
        return first + (k - 1) * REPLICA_PORT_STEP;
    }

    /** The process name of replica {@code k}: the module's name for the first, {@code <module>-k} for the others. */
    public static String replicaName(String module, int k) {
        return k == 1 ? module : module + "-" + k;
    }
}
