package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.Observe.STEP;
import static io.fosfleet.local.e2e.Observe.awaitStatus;
import static io.fosfleet.local.e2e.Observe.pairState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19: the packaged {@code fosctl} launcher ({@code fosctl/target/fosctl}), run as a process like an operator
 * runs it, against the system's config-service: sign in, lists as table and JSON, a pair in full, a relay switch on a
 * loose device and back (seen by {@code watch}), maintenance on and off of the demo pair {@value #PAIR}, and the exit
 * codes scripts rely on (3 for a viewer's switch, 2 for a bad token, 4 for an unknown device).
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
class FosctlIT {

    /** A loose device (no pair) that no other test switches while this one runs. */
    private static final String DEVICE = "e2e-loose-3";
    /** A demo pair no other test uses: maintenance on and off. */
    private static final String PAIR = "muc1-b";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FosfleetSystem system;
    private static Path fosctl;
    private static Path configHome;
    private static Path cacheHome;
    private static String initialRelay;

    /** One finished fosctl process. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        system = FosfleetSystem.get();
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("fosctl"))) {
            root = root.getParent();
        }
        fosctl = root.resolve("fosctl/target/fosctl");
        assertThat(fosctl).as("the packaged launcher (./mvnw -pl fosctl package)").isExecutable();
        configHome = Files.createTempDirectory("fosctl-it");
        cacheHome = root.resolve("deploy/local/target/fosctl-cache");
        initialRelay = system.device(DEVICE).connections();
    }

    @AfterAll
    static void restore() throws Exception {
        if (system == null) {
            return;
        }
        String operator = system.token("operator");
        system.post(system.configUrl() + "/api/pairs/" + PAIR + "/maintenance", operator,
                Map.of("enabled", false, "reason", "FosctlIT: restore"));
        if (initialRelay != null && !initialRelay.equals(system.device(DEVICE).connections())) {
            system.post(system.configUrl() + "/api/devices/" + DEVICE + "/commands", operator,
                    Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", initialRelay.equals("A-B") ? "1" : "0"),
                            "reason", "FosctlIT: restore"));
        }
    }

    @Test
    void anOperatorWorksThroughFosctl() throws Exception {
        // sign in: the token lands in the config file (mode 600) and is never printed
        Result login = run(Map.of(), "operator\n", "login", "--server", system.configUrl(), "-u", "operator",
                "--password-stdin");
        assertThat(login.code()).as(login.toString()).isZero();
        Path file = configHome.resolve("fosfleet/fosctl.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = JSON.readTree(file.toFile()).path("token").asText();
        assertThat(token).isNotBlank();
        assertThat(login.out() + login.err()).doesNotContain(token).contains("signed in to").contains("operator");

        // lists as a table and as JSON
        Result devices = ok("get", "devices");
        assertThat(devices.out().lines().findFirst().orElse("")).startsWith("ID").contains("SITE").contains("PAIR");
        assertThat(devices.out()).contains(DEVICE).contains("muc1-b-fos");
        List<String> ids = new ArrayList<>();
        JSON.readTree(ok("get", "devices", "-o", "json").out()).forEach(d -> ids.add(d.path("id").asText()));
        assertThat(ids).contains(DEVICE, "muc1-b-fos", "fra1-a-fos");
        Result pairs = ok("get", "pairs");
        assertThat(pairs.out()).containsPattern("(?m)^" + PAIR + " +muc1-b-fos +muc1-b-pbx1 +muc1-b-pbx2 ");
        JsonNode pairList = JSON.readTree(ok("get", "pairs", "-o", "json").out());
        assertThat(pairList.findValuesAsText("id")).contains(PAIR);

        // one pair in full, with its device's live relay
        Result describe = ok("describe", "pair", PAIR);
        assertThat(describe.out()).contains("Pair:            " + PAIR).contains("Device:          muc1-b-fos")
                .contains("Relay:           A-B (on primary)").contains("Maintenance:     off");

        // switch the loose device and back; watch sees the switch's event
        String other = initialRelay.equals("A-B") ? "A-D" : "A-B";
        Process watch = start("watch", "--device", DEVICE, "--type", "RELAY_CHANGED", "--count", "1", "--timeout",
                "60s", "-o", "table");
        Thread.sleep(3000);   // the watcher's JVM starts and subscribes; events before that are not streamed
        String position = initialRelay;
        for (int attempt = 0; attempt < 4 && watch.isAlive(); attempt++) {
            position = position.equals("A-B") ? "A-D" : "A-B";
            Result sw = ok("switch", DEVICE, position, "--reason", "FosctlIT: relay test", "--timeout", "30s");
            assertThat(sw.out()).contains("SWITCH_RELAY " + DEVICE + ": DONE");
            String expected = position;
            awaitStatus(DEVICE, s -> s.connections().equals(expected));
            watch.waitFor(10, TimeUnit.SECONDS);
        }
        Result watched = finish(watch);
        assertThat(watched.code()).as(watched.toString()).isZero();
        assertThat(watched.out().strip()).as(watched.toString()).contains(" DEVICE RELAY_CHANGED " + DEVICE)
                .doesNotContain("\n");
        if (!position.equals(initialRelay)) {
            assertThat(ok("switch", DEVICE, initialRelay, "--reason", "FosctlIT: back").out()).contains(": DONE");
        }
        awaitStatus(DEVICE, s -> s.connections().equals(initialRelay));

        // maintenance on and off
        assertThat(ok("maintenance", "on", PAIR, "--reason", "FosctlIT: PBX upgrade").out())
                .contains("pair " + PAIR + ": maintenance ON (FosctlIT: PBX upgrade)");
        awaitStatus("muc1-b-fos", s -> s.connections().equals("A-D"));
        assertThat(ok("describe", "pair", PAIR).out()).contains("Maintenance:     ON: FosctlIT: PBX upgrade");
        assertThat(ok("maintenance", "off", PAIR, "--reason", "FosctlIT: upgrade done").out())
                .contains("pair " + PAIR + ": maintenance off");
        awaitStatus("muc1-b-fos", s -> s.connections().equals("A-B"));
        await("pair kicked again").atMost(STEP).until(() -> "KICKING".equals(pairState("muc1-b-fos")));

        // what scripts rely on: exit codes
        String before = system.device(DEVICE).connections();
        Result viewer = run(Map.of("FOSFLEET_TOKEN", system.token("viewer")), "", "switch", DEVICE, other,
                "--reason", "FosctlIT: a viewer may not");
        assertThat(viewer.code()).as(viewer.toString()).isEqualTo(3);
        assertThat(viewer.err()).startsWith("fosctl: forbidden: ").doesNotContain("\tat ");
        assertThat(system.device(DEVICE).connections()).isEqualTo(before);
        Result badToken = run(Map.of(), "", "get", "devices", "--token", "not-a-token");
        assertThat(badToken.code()).as(badToken.toString()).isEqualTo(2);
        assertThat(badToken.err()).startsWith("fosctl: not signed in: ").contains("fosctl login");
        Result unknown = run(Map.of(), "", "switch", "no-such-device", "A-B", "--reason", "FosctlIT");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(4);
        assertThat(unknown.err()).isEqualTo("fosctl: device 'no-such-device' does not exist\n");
        Result rollout = run(Map.of(), "", "rollout", "status");
        assertThat(rollout.code()).as(rollout.toString()).isEqualTo(4);
        assertThat(rollout.err()).contains("has no rollout API (404");

        // sign out: the token is revoked at the server, not only forgotten
        assertThat(run(Map.of(), "", "logout").code()).isZero();
        assertThat(JSON.readTree(file.toFile()).has("token")).isFalse();
        Result revoked = run(Map.of(), "", "get", "devices", "--token", token);
        assertThat(revoked.code()).as(revoked.toString()).isEqualTo(2);
        assertThat(revoked.err()).contains("token revoked");
    }

    private static Result ok(String... args) throws Exception {
        Result r = run(Map.of(), "", args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r).isZero();
        return r;
    }

    private static Result run(Map<String, String> env, String stdin, String... args) throws Exception {
        Process p = start(env, args);
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return finish(p);
    }

    private static Process start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(fosctl.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("FOSFLEET_") || k.equals("FOSCTL_CONFIG"));
        pb.environment().put("XDG_CONFIG_HOME", configHome.toString());
        pb.environment().put("XDG_CACHE_HOME", cacheHome.toString());   // the launcher's class-data archive
        pb.environment().put("COLUMNS", "200");
        pb.environment().putAll(env);
        String id = Long.toString(System.nanoTime());
        pb.redirectOutput(configHome.resolve(id + ".out").toFile());
        pb.redirectError(configHome.resolve(id + ".err").toFile());
        Process p = pb.start();
        OUTPUTS.put(p, id);
        return p;
    }

    private static final Map<Process, String> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Result finish(Process p) throws Exception {
        if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        String id = OUTPUTS.remove(p);
        File out = configHome.resolve(id + ".out").toFile();
        File err = configHome.resolve(id + ".err").toFile();
        return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
