package io.fosfleet.fosctl;

import static io.fosfleet.fosctl.Output.Column.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reading: lists of devices, pairs, nodes, commands and audit entries; one pair in full. */
final class ReadCommands {

    enum Resource { devices, pairs, nodes, commands, audit }

    private ReadCommands() {
    }

    static List<Output.Column> columns(Resource r) {
        return switch (r) {
            case devices -> List.of(field("ID", "id"), field("NAME", "name"), field("SITE", "site"),
                    field("RACK", "rack"), new Output.Column("HOST", n -> Output.text(n.get("host"))
                            + (n.path("httpPort").asInt(80) == 80 ? "" : ":" + n.path("httpPort").asInt())),
                    field("PAIR", "pairId"), field("DRIFT", "effectiveDriftPolicy"));
            case pairs -> List.of(field("ID", "id"), field("DEVICE", "deviceId"), field("PRIMARY", "primaryNodeId"),
                    field("SECONDARY", "secondaryNodeId"), field("POLICY", "failoverPolicy"),
                    new Output.Column("KICK", n -> words(n.path("kickInterval").asText(null))),
                    new Output.Column("MAINTENANCE", n -> n.path("maintenance").asBoolean() ? "yes" : "no"),
                    new Output.Column("HA", n -> Output.text(n.path("haCheck").get("verdict"))));
            case nodes -> List.of(field("ID", "id"), field("NAME", "name"), field("HOST", "host"),
                    new Output.Column("PROBES", n -> {
                        StringBuilder b = new StringBuilder();
                        n.path("probes").forEach(p -> b.append(b.length() == 0 ? "" : ",").append(p.path("type")
                                .asText()).append(p.hasNonNull("port") ? ":" + p.get("port").asText() : ""));
                        return b.length() == 0 ? "-" : b.toString();
                    }));
            case commands -> List.of(field("ID", "commandId"), field("DEVICE", "deviceId"), field("TYPE", "type"),
                    field("STATUS", "status"), field("BY", "requestedBy"), field("REQUESTED", "requestedAt"),
                    new Output.Column("RESULT", n -> n.hasNonNull("failure")
                            ? n.get("failure").asText() + ": " + Output.text(n.get("message"))
                            : Output.text(n.get("message"))));
            case audit -> List.of(field("AT", "at"), field("ACTOR", "actor"), field("ACTION", "action"),
                    new Output.Column("TARGET", n -> Output.text(n.get("targetType")) + " "
                            + Output.text(n.get("targetId"))),
                    field("RESULT", "result"), field("REASON", "reason"), field("DETAIL", "detail"));
        };
    }

    /** PT2S as "2s", PT0.25S as "250ms"; anything else as it came. */
    static String words(String iso) {
        if (iso == null) {
            return "-";
        }
        try {
            Duration d = Duration.parse(iso);
            if (d.toMillis() % 1000 != 0 || d.isZero()) {
                return d.toMillis() + "ms";
            }
            long s = d.toSeconds();
            return s % 60 == 0 && s >= 60 ? s / 60 + "m" : s + "s";
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"List devices, pairs, nodes, commands or audit entries.",
                    "Filters: devices --site --rack; pairs --device; commands --device --limit; "
                            + "audit --target-type --target-id --actor --action --from --to --limit."})
    static final class Get implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "WHAT", description = "devices, pairs, nodes, commands or audit")
        Resource resource;
        @Option(names = "--site", description = "devices of this site")
        String site;
        @Option(names = "--rack", description = "devices in this rack")
        String rack;
        @Option(names = "--device", description = "pairs or commands of this device")
        String device;
        @Option(names = "--target-type", description = "audit: DEVICE, PAIR, NODE, SETTINGS, FLEET …")
        String targetType;
        @Option(names = "--target-id", description = "audit: the device, pair or node id")
        String targetId;
        @Option(names = "--actor", description = "audit: who (a user or a service)")
        String actor;
        @Option(names = "--action", description = "audit: e.g. COMMAND_SWITCH_RELAY, PAIR_MAINTENANCE_ON")
        String action;
        @Option(names = "--from", description = "audit: from this instant (ISO-8601, e.g. 2026-12-01T00:00:00Z)")
        String from;
        @Option(names = "--to", description = "audit: up to this instant")
        String to;
        @Option(names = "--limit", description = "commands, audit: at most this many (1 to 1000; server default)")
        Integer limit;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Fosctl root = Fosctl.root(spec);
            Map<String, String> q = new LinkedHashMap<>();
            String path;
            switch (resource) {
                case devices -> {
                    only("devices", "--site", "--rack");
                    path = "api/devices";
                    q.put("site", site);
                    q.put("rack", rack);
                }
                case pairs -> {
                    only("pairs", "--device");
                    path = "api/pairs";
                    q.put("deviceId", device);
                }
                case nodes -> {
                    only("nodes");
                    path = "api/nodes";
                }
                case commands -> {
                    only("commands", "--device", "--limit");
                    path = "api/commands";
                    q.put("deviceId", device);
                    q.put("limit", limit == null ? null : limit.toString());
                }
                default -> {
                    only("audit", "--target-type", "--target-id", "--actor", "--action", "--from", "--to",
                            "--limit");
                    path = "api/audit";
                    q.put("targetType", targetType);
                    q.put("targetId", targetId);
                    q.put("actor", actor);
                    q.put("action", action);
                    q.put("from", from);
                    q.put("to", to);
                    q.put("limit", limit == null ? null : limit.toString());
                }
            }
            JsonNode rows = root.api().get(path, q);
            if (root.format == Output.Format.table && rows != null && rows.isArray() && rows.isEmpty()) {
                root.err.println("no " + resource + " found");
                return Exit.OK;
            }
            Output.print(root.out, rows, columns(resource), root.format, root.width());
            return Exit.OK;
        }

        /** A filter given for a list that does not have it is a usage error, not silently ignored. */
        private void only(String what, String... allowed) {
            List<String> ok = List.of(allowed);
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("--site", site);
            given.put("--rack", rack);
            given.put("--device", device);
            given.put("--target-type", targetType);
            given.put("--target-id", targetId);
            given.put("--actor", actor);
            given.put("--action", action);
            given.put("--from", from);
            given.put("--to", to);
            given.put("--limit", limit);
            given.forEach((option, value) -> {
                if (value != null && !ok.contains(option)) {
                    throw new Exit.Failure(Exit.USAGE, "get " + what + " has no filter " + option
                            + (ok.isEmpty() ? "" : "; its filters: " + String.join(" ", ok)));
                }
            });
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show one pair in full: its nodes, policy, maintenance, HA check and its device's live state.")
    static final class Describe implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KIND", description = "pair")
        String kind;
        @Parameters(index = "1", paramLabel = "ID", description = "the pair's id")
        String id;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!kind.equals("pair")) {
                throw new Exit.Failure(Exit.USAGE, "describe knows 'pair' only, not '" + Exit.oneLine(kind) + "'");
            }
            Fosctl root = Fosctl.root(spec);
            Api api = root.api();
            JsonNode pair = api.get("api/pairs/" + Api.segment(id), null);
            String deviceId = pair.path("deviceId").asText();
            JsonNode state = null;
            try {
                state = api.get("api/fleet/" + Api.segment(deviceId), null);
            } catch (Exit.Failure f) {
                if (f.code != Exit.NOT_FOUND) {
                    throw f;
                }
            }
            if (root.format != Output.Format.table) {
                ObjectNode both = Api.JSON.createObjectNode();
                both.set("pair", pair);
                both.set("deviceState", state);
                root.out.println(Output.document(both, root.format));
                return Exit.OK;
            }
            StringBuilder b = new StringBuilder();
            row(b, "Pair", pair.path("id").asText());
            row(b, "Device", deviceId);
            row(b, "Primary", Output.text(pair.get("primaryNodeId")));
            row(b, "Secondary", Output.text(pair.get("secondaryNodeId")));
            row(b, "Relay", state == null ? "unknown (no state yet)" : relay(state.path("values").path("mode")
                    .asText(null)) + (state.path("reachable").asBoolean(true) ? "" : " (UNREACHABLE)"));
            row(b, "Failover policy", Output.text(pair.get("failoverPolicy"))
                    + (pair.path("fastFailover").asBoolean() ? ", fast failover" : ""));
            row(b, "Kick interval", words(pair.path("kickInterval").asText(null)));
            row(b, "Start delay", words(pair.path("startDelay").asText(null)));
            row(b, "Maintenance", pair.path("maintenance").asBoolean()
                    ? "ON: " + Output.text(pair.get("maintenanceReason")) : "off");
            JsonNode ha = pair.path("haCheck");
            row(b, "HA check", Output.text(ha.get("verdict")) + (ha.hasNonNull("message")
                    ? ": " + ha.get("message").asText() : ""));
            if (state != null && state.path("values").has("wdog")) {
                row(b, "Watchdog", state.path("values").path("wdog").asText().equals("1") ? "on" : "off");
            }
            if (state != null) {
                row(b, "State at", Output.text(state.get("stateAt")));
            }
            root.out.print(b);
            return Exit.OK;
        }

        private static void row(StringBuilder b, String label, String value) {
            b.append(String.format("%-17s%s%n", label + ":", Exit.oneLine(value)));
        }

        static String relay(String mode) {
            if (mode == null) {
                return "unknown";
            }
            return switch (mode) {
                case "1" -> "A-B (on primary)";
                case "0" -> "A-D (FAILED OVER to secondary)";
                default -> "mode " + mode;
            };
        }
    }
}
