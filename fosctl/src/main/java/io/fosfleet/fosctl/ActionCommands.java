package io.fosfleet.fosctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Changing things: relay, power ports, maintenance. Every change carries a reason, as the API demands. */
final class ActionCommands {

    /** The API's limit for a reason. */
    static final int MAX_REASON = 500;
    private static final Duration POLL = Duration.ofMillis(250);

    private ActionCommands() {
    }

    /** Options of commands that send a device command and wait for its result. */
    static class Waiting {
        @Option(names = "--reason", required = true, description = "why (audited; at most 500 characters, one line)")
        String reason;
        @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
                description = "how long to wait for the device's result (default: 30s); then exit code 7")
        Duration timeout;
        @Option(names = "--no-wait", description = "return once config-service accepted the command")
        boolean noWait;

        void checkReason() {
            ActionCommands.checkReason(reason);
        }
    }

    /** The API's limit for a reason, checked before anything is sent. */
    static void checkReason(String reason) {
        if (reason.isBlank() || reason.length() > MAX_REASON) {
            throw new Exit.Failure(Exit.USAGE, "--reason must have 1 to " + MAX_REASON + " characters");
        }
    }

    /** "on" or "off" (any case). */
    static boolean onOff(String state) {
        return switch (state.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new Exit.Failure(Exit.USAGE, "state '" + Exit.oneLine(state) + "' is neither on nor off");
        };
    }

    /**
     * Sends a command to a device (POST /api/devices/{id}/commands) and, unless --no-wait, polls it until DONE
     * (exit 0), FAILED (exit 6) or --timeout (exit 7). Prints one line (table) or the command's JSON/YAML.
     */
    static int send(Fosctl root, String device, String type, Map<String, String> parameters, Waiting w) {
        w.checkReason();
        Api api = root.api();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("parameters", parameters);
        body.put("reason", w.reason);
        JsonNode accepted = api.post("api/devices/" + Api.segment(device) + "/commands", body);
        String id = accepted.path("commandId").asText();
        JsonNode command = accepted;
        if (!w.noWait) {
            long deadline = System.nanoTime() + w.timeout.toNanos();
            while ("PENDING".equals(command.path("status").asText("PENDING"))) {
                if (System.nanoTime() > deadline) {
                    report(root, command, type, device);
                    throw new Exit.Failure(Exit.TIMEOUT, type + " " + id + " on " + device + ": no result within "
                            + w.timeout.toSeconds() + " s (still PENDING; follow it with fosctl get commands "
                            + "--device " + device + ")");
                }
                sleep(POLL);
                command = api.get("api/commands/" + Api.segment(id), null);
            }
        }
        report(root, command, type, device);
        if (accepted.hasNonNull("note")) {
            root.err.println("note: " + Exit.oneLine(accepted.get("note").asText()));
        }
        return "FAILED".equals(command.path("status").asText()) ? Exit.COMMAND_FAILED : Exit.OK;
    }

    private static void report(Fosctl root, JsonNode command, String type, String device) {
        if (root.format != Output.Format.table) {
            root.out.println(Output.document(command, root.format));
            return;
        }
        String status = command.path("status").asText("PENDING");
        StringBuilder line = new StringBuilder(type).append(' ').append(device).append(": ").append(status);
        if (command.hasNonNull("failure")) {
            line.append(" (").append(command.get("failure").asText()).append(')');
        }
        if (command.hasNonNull("message")) {
            line.append(": ").append(command.get("message").asText());
        }
        line.append("  [command ").append(command.path("commandId").asText()).append(']');
        root.out.println(Exit.oneLine(line.toString()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Exit.Failure(Exit.TIMEOUT, "interrupted");
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true,
            description = {"Switch a device's relay: A-B (PSTN to the primary) or A-D (to the secondary).",
                    "Waits for the device's result: exit 0 DONE, 6 FAILED, 7 no result within --timeout."})
    static final class Switch extends Waiting implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "the device's id")
        String device;
        @Parameters(index = "1", paramLabel = "POSITION", description = "A-B or A-D")
        String position;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String mode = switch (position.toUpperCase(java.util.Locale.ROOT)) {
                case "A-B", "AB" -> "1";
                case "A-D", "AD" -> "0";
                default -> throw new Exit.Failure(Exit.USAGE, "position '" + Exit.oneLine(position)
                        + "' is neither A-B nor A-D");
            };
            return send(Fosctl.root(spec), device, "SWITCH_RELAY", Map.of("mode", mode), this);
        }
    }

    @Command(name = "power", mixinStandardHelpOptions = true,
            description = {"Switch a device's power port 1 or 2 on or off.",
                    "Waits for the device's result: exit 0 DONE, 6 FAILED, 7 no result within --timeout."})
    static final class Power extends Waiting implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "the device's id")
        String device;
        @Parameters(index = "1", paramLabel = "PORT", description = "1 or 2")
        String port;
        @Parameters(index = "2", paramLabel = "STATE", description = "on or off")
        String state;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!port.equals("1") && !port.equals("2")) {
                throw new Exit.Failure(Exit.USAGE, "port '" + Exit.oneLine(port) + "' is neither 1 nor 2");
            }
            String on = onOff(state) ? "1" : "0";
            return send(Fosctl.root(spec), device, "SET_POWER", Map.of("port", port, "on", on), this);
        }
    }

    @Command(name = "maintenance", mixinStandardHelpOptions = true,
            description = {"Put a pair into maintenance (relay to the secondary, no kicks, alerts held) or take it out "
                    + "(back to the primary, kicked again)."})
    static final class Maintenance implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STATE", description = "on or off")
        String state;
        @Parameters(index = "1", paramLabel = "PAIR", description = "the pair's id")
        String pair;
        @Option(names = "--reason", required = true, description = "why (audited; at most 500 characters, one line)")
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean on = onOff(state);
            checkReason(reason);
            Fosctl root = Fosctl.root(spec);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", on);
            body.put("reason", reason);
            JsonNode p = root.api().post("api/pairs/" + Api.segment(pair) + "/maintenance", body);
            if (root.format != Output.Format.table) {
                root.out.println(Output.document(p, root.format));
            } else {
                root.out.println(Exit.oneLine("pair " + p.path("id").asText(pair) + ": maintenance "
                        + (p.path("maintenance").asBoolean() ? "ON (" + p.path("maintenanceReason").asText(reason)
                        + ")" : "off")));
            }
            return Exit.OK;
        }
    }
}
