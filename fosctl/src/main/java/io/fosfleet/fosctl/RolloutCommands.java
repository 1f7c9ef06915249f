package io.fosfleet.fosctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Firmware rollouts over {@code /api/rollouts} (README, "Rollouts"). A config-service without the rollout API answers
 * 404 to every path under it; fosctl then says so instead of "not found".
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Firmware rollouts in waves: create, status, pause, resume, abort.",
        subcommands = {RolloutCommands.Create.class, RolloutCommands.Status.class, RolloutCommands.Pause.class,
                RolloutCommands.Resume.class, RolloutCommands.Abort.class})
final class RolloutCommands {

    private RolloutCommands() {
    }

    /** Calls the rollout API; a 404 is checked against GET /api/rollouts to tell "no such rollout" from "no API". */
    static JsonNode request(Api api, String method, String path, Object body) {
        try {
            return api.send(method, path, body);
        } catch (Exit.Failure f) {
            if (f.code != Exit.NOT_FOUND) {
                throw f;
            }
            boolean apiExists;
            try {
                api.get("api/rollouts", null);
                apiExists = true;
            } catch (Exit.Failure probe) {
                if (probe.code != Exit.NOT_FOUND) {
                    throw f;
                }
                apiExists = false;
            }
            if (!apiExists) {
                throw new Exit.Failure(Exit.NOT_FOUND, "this config-service at " + api.server()
                        + " has no rollout API (404 at /api/rollouts); it needs a version with firmware rollouts");
            }
            throw f;
        }
    }

    static void show(Fosctl root, JsonNode rollout) {
        if (root.format != Output.Format.table) {
            root.out.println(Output.document(rollout, root.format));
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-10s%s%n", "Rollout:", Output.text(rollout.get("id"))));
        b.append(String.format("%-10s%s%n", "Firmware:", Output.text(rollout.get("firmware"))));
        b.append(String.format("%-10s%s%n", "State:", Output.text(rollout.get("state"))));
        root.out.print(b);
        JsonNode waves = rollout.path("waves");
        if (waves.isArray() && !waves.isEmpty()) {
            Output.print(root.out, waves, List.of(Output.Column.field("WAVE", "index"),
                    Output.Column.field("STATE", "state"),
                    new Output.Column("DEVICES", n -> {
                        StringBuilder d = new StringBuilder();
                        n.path("devices").forEach(x -> d.append(d.length() == 0 ? "" : " ")
                                .append(x.path("deviceId").asText(x.asText())).append(x.hasNonNull("state")
                                        ? "=" + x.get("state").asText() : ""));
                        return d.toString();
                    })), Output.Format.table, root.width());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Roll a firmware image out to a selection in waves: POST /api/rollouts.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--firmware", required = true, description = "the uploaded image's id or version")
        String firmware;
        @Option(names = "--site", description = "every device of these sites (repeatable)")
        List<String> sites;
        @Option(names = "--pair", description = "these pairs' devices (repeatable)")
        List<String> pairs;
        @Option(names = "--device", description = "these devices (repeatable)")
        List<String> devices;
        @Option(names = "--canary", defaultValue = "1", description = "devices in the first wave (default: 1)")
        int canary;
        @Option(names = "--wave-size", defaultValue = "2", description = "devices per later wave (default: 2)")
        int waveSize;
        @Option(names = "--failure-budget", defaultValue = "0",
                description = "failed devices tolerated before the rollout pauses (default: 0)")
        int failureBudget;
        @Option(names = "--reason", required = true, description = "why (audited; at most 500 characters)")
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Fosctl root = Fosctl.root(spec);
            ActionCommands.checkReason(reason);
            if (sites == null && pairs == null && devices == null) {
                throw new Exit.Failure(Exit.USAGE, "select what to flash: --site, --pair or --device");
            }
            Map<String, Object> selection = new LinkedHashMap<>();
            selection.put("sites", sites == null ? List.of() : sites);
            selection.put("pairs", pairs == null ? List.of() : pairs);
            selection.put("devices", devices == null ? List.of() : devices);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("firmware", firmware);
            body.put("selection", selection);
            body.put("canarySize", canary);
            body.put("waveSize", waveSize);
            body.put("failureBudget", failureBudget);
            body.put("reason", reason);
            show(root, request(root.api(), "POST", "api/rollouts", body));
            return Exit.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "A rollout's state, waves and per-device state (GET /api/rollouts/{id}); without an id, "
                    + "every rollout (GET /api/rollouts).")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the rollout's id")
        String id;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Fosctl root = Fosctl.root(spec);
            Api api = root.api();
            if (id == null) {
                JsonNode all = request(api, "GET", "api/rollouts", null);
                Output.print(root.out, all, List.of(Output.Column.field("ID", "id"),
                        Output.Column.field("FIRMWARE", "firmware"), Output.Column.field("STATE", "state"),
                        Output.Column.field("CREATED", "createdAt"), Output.Column.field("BY", "createdBy")),
                        root.format, root.width());
            } else {
                show(root, request(api, "GET", "api/rollouts/" + Api.segment(id), null));
            }
            return Exit.OK;
        }
    }

    /** pause, resume and abort: POST /api/rollouts/{id}/{action} with a reason. */
    abstract static class Action implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the rollout's id")
        String id;
        @Option(names = "--reason", required = true, description = "why (audited; at most 500 characters)")
        String reason;
        @Spec
        CommandSpec spec;

        abstract String action();

        @Override
        public Integer call() {
            Fosctl root = Fosctl.root(spec);
            ActionCommands.checkReason(reason);
            JsonNode r = request(root.api(), "POST", "api/rollouts/" + Api.segment(id) + "/" + action(),
                    Map.of("reason", reason));
            if (r != null) {
                show(root, r);
            }
            return Exit.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a rollout after the devices being flashed now.")
    static final class Pause extends Action {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout.")
    static final class Resume extends Action {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Abort a rollout: no further device is flashed.")
    static final class Abort extends Action {
        @Override
        String action() {
            return "abort";
        }
    }
}
