package io.fosfleet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images are self-contained: unpacked layer by layer into a directory, their entrypoint runs there under chroot,
 * as the image's non-root user, with nothing of the host's file system — no Docker needed. Needs root (chroot, a
 * private /proc); skipped with a message otherwise.
 */
class ImageRunsIT {

    static final Path TARGET = Path.of(System.getProperty("fosfleet.images.dir", "target"));
    static final List<String> SERVICES = List.of("config-service", "device-gateway", "heartbeat-service",
            "alert-service");
    static final Map<String, Integer> PORTS = Map.of("config-service", 8080, "device-gateway", 8082,
            "heartbeat-service", 8084, "alert-service", 8083);
    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final Path CHROOT = Path.of("/usr/sbin/chroot");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Image(JsonNode config, List<Path> layers) {
    }

    @Test
    void everyServiceImageIsTheRuntimeLayeredWithTheServiceRunningAsNonRoot() throws Exception {
        List<String> runtimeLayers = names(open(TARGET.resolve("runtime-image.tar"), tmp.resolve("runtime"), false)
                .layers());
        for (String service : SERVICES) {
            Path tar = TARGET.resolve(service + "-image.tar");
            assertThat(tar).as(service).exists();
            Image image = open(tar, tmp.resolve(service), false);
            JsonNode c = image.config().path("config");
            assertThat(c.path("User").asText()).isEqualTo("185:185");
            assertThat(c.path("WorkingDir").asText()).isEqualTo("/deployments");
            assertThat(c.path("Entrypoint")).extracting(JsonNode::asText).containsExactly("/opt/java/bin/java",
                    "-XX:MaxRAMPercentage=75", "-jar", "/deployments/quarkus-run.jar");
            assertThat(c.path("ExposedPorts").has(PORTS.get(service) + "/tcp")).as(service + " port").isTrue();
            // the runtime's layers come first in every image, unchanged: stored and pulled once; then the service
            List<String> layers = names(image.layers());
            assertThat(layers.subList(0, runtimeLayers.size())).as(service + " base layers").isEqualTo(runtimeLayers);
            assertThat(layers).as(service + " layers").hasSizeGreaterThan(runtimeLayers.size());
        }
    }

    private static List<String> names(List<Path> layers) {
        return layers.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void heartbeatServiceStartsFromItsImageAloneAndAnswersItsLivenessProbe() throws Exception {
        assumeChroot();
        int port = freePort();
        // configured as the Deployment does: environment variables; Kafka is nowhere
        Process p = startFromImage("heartbeat-service", tmp.resolve("heartbeat-service"), Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(port), "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort()));
        Path logFile = tmp.resolve("heartbeat-service").resolve("service.log");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<String> answer = awaitAnswer(http, p, port, "/q/health/live");
            String log = Files.readString(logFile, StandardCharsets.UTF_8);
            assertThat(answer).as("no answer from the liveness probe; the service's output:\n" + log).isNotNull();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).containsPattern("\"status\"\\s*:\\s*\"UP\"");
            assertThat(log).contains("heartbeat-service").contains("started in");
            // what the Deployment's startup probe and Prometheus' scrape annotations point at
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/started"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            // the service itself (chroot's child) runs as the image's user, not as root
            ProcessHandle java = p.descendants().filter(h -> h.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElseThrow();
            String status = Files.readString(Path.of("/proc/" + java.pid() + "/status"));
            assertThat(status).containsPattern("(?m)^Uid:\\s+185\\s+185\\s+185\\s+185$");
        } finally {
            stop(p);
        }
    }

    /**
     * config-service's one image runs on the database its environment chooses, as Kubernetes chooses PostgreSQL:
     * PostgreSQL when {@code FOSFLEET_TEST_PG_URL} (and {@code _USER}, {@code _PASSWORD}) name one, as {@code .ci/run}
     * sets them; H2 otherwise. (The image holds the very application the local run starts on H2 — see
     * {@link #everyServiceImageIsTheRuntimeLayeredWithTheServiceRunningAsNonRoot} — so one start per build is enough.)
     * Its readiness probe reports the chosen database's connections.
     */
    @Test
    void configServiceImageRunsOnTheDatabaseItsEnvironmentChooses() throws Exception {
        assumeChroot();
        Map<String, Map<String, String>> choices = new java.util.LinkedHashMap<>();
        String pgUrl = System.getenv("FOSFLEET_TEST_PG_URL");
        if (pgUrl != null && !pgUrl.isBlank()) {
            choices.put("postgresql", Map.of("FOSFLEET_CONFIG_DATABASE_URL", pgUrl,
                    "FOSFLEET_CONFIG_DATABASE_USERNAME", System.getenv().getOrDefault("FOSFLEET_TEST_PG_USER", ""),
                    "FOSFLEET_CONFIG_DATABASE_PASSWORD", System.getenv().getOrDefault("FOSFLEET_TEST_PG_PASSWORD", "")));
        } else {
            choices.put("h2", Map.of("FOSFLEET_CONFIG_DATABASE_URL", "jdbc:h2:mem:image-test;DB_CLOSE_DELAY=-1"));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Path dir = tmp.resolve("config-service");
        for (var choice : choices.entrySet()) {
            int port = freePort();
            Map<String, String> env = new java.util.HashMap<>(choice.getValue());
            env.put("FOSFLEET_CONFIG_DATABASE_KIND", choice.getKey());
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort());
            Process p = startFromImage("config-service", dir, env);
            try {
                HttpResponse<String> ready = awaitAnswer(http, p, port, "/q/health/ready");
                String log = Files.readString(dir.resolve("service.log"), StandardCharsets.UTF_8);
                assertThat(ready).as(choice.getKey() + ": no answer; the service's output:\n" + log).isNotNull();
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                // only the chosen database is opened
                assertThat(ready.body()).containsPattern("\"" + choice.getKey() + "\"\\s*:\\s*\"UP\"")
                        .doesNotContain(choice.getKey().equals("h2") ? "\"postgresql\"" : "\"h2\"");
            } finally {
                stop(p);
            }
        }
        if (!choices.containsKey("postgresql")) {
            System.out.println("ImageRunsIT: no FOSFLEET_TEST_PG_URL, config-service's image ran on H2 only");
        }
    }

    private static void assumeChroot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: cannot chroot into the image; skipped");
        assumeTrue(Files.isExecutable(UNSHARE) && Files.isExecutable(CHROOT),
                "no " + UNSHARE + " or " + CHROOT + " (util-linux, coreutils): skipped");
    }

    /**
     * Unpacks {@code service}'s image into {@code dir} (once) and runs its entrypoint there under chroot as the image's
     * user, with the image's environment plus {@code env} only; its output goes to {@code dir/service.log}.
     */
    private static Process startFromImage(String service, Path dir, Map<String, String> env) throws Exception {
        Image image = open(TARGET.resolve(service + "-image.tar"), dir.resolve("image"), true);
        Path root = dir.resolve("rootfs");
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            for (Path layer : image.layers()) {
                run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", layer.toString(), "-C", root.toString()));
            }
            Files.createDirectories(root.resolve("proc"));
        }
        JsonNode c = image.config().path("config");
        List<String> command = new ArrayList<>(List.of(UNSHARE.toString(), "--mount", "--pid", "--fork", "--kill-child",
                "--mount-proc=" + root.resolve("proc"), CHROOT.toString(), "--userspec=" + c.path("User").asText(),
                root.toString()));
        c.path("Entrypoint").forEach(a -> command.add(a.asText()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().clear();
        c.path("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        });
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The first answer on {@code path} within 90 s, or null when none came (or the service ended). */
    private static HttpResponse<String> awaitAnswer(HttpClient http, Process p, int port, String path)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(300);
            }
        }
        return null;
    }

    /**
     * Stops the service, then unshare. unshare's --kill-child does not reach the service: chroot's change of user
     * clears the parent-death signal, so the service is stopped by its process id.
     */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> service = p.descendants().toList();
        service.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : service) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            }
        }
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    /**
     * Reads the image tar (Docker format, as Jib writes it): its manifest and config, and with {@code layers} its
     * layer files too.
     */
    private static Image open(Path tar, Path dir, boolean layers) throws Exception {
        Files.createDirectories(dir);
        run(List.of("tar", "-xf", tar.toString(), "-C", dir.toString(), "manifest.json"));
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
        String config = manifest.path("Config").asText();
        List<String> files = new ArrayList<>(List.of("tar", "-xf", tar.toString(), "-C", dir.toString(), config));
        List<Path> layerFiles = new ArrayList<>();
        manifest.path("Layers").forEach(l -> layerFiles.add(dir.resolve(l.asText())));
        if (layers) {
            layerFiles.stream().map(p -> p.getFileName().toString()).distinct().forEach(files::add);
        }
        run(files);
        return new Image(JSON.readTree(dir.resolve(config).toFile()), layerFiles);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
