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
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: cannot chroot into the image; skipped");
        assumeTrue(Files.isExecutable(UNSHARE) && Files.isExecutable(CHROOT),
                "no " + UNSHARE + " or " + CHROOT + " (util-linux, coreutils): skipped");
        Image image = open(TARGET.resolve("heartbeat-service-image.tar"), tmp.resolve("image"), true);
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        for (Path layer : image.layers()) {
            run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", layer.toString(), "-C", root.toString()));
        }
        Files.createDirectories(root.resolve("proc"));
        JsonNode c = image.config().path("config");

        int port = freePort();
        List<String> command = new ArrayList<>(List.of(UNSHARE.toString(), "--mount", "--pid", "--fork", "--kill-child",
                "--mount-proc=" + root.resolve("proc"), CHROOT.toString(), "--userspec=" + c.path("User").asText(),
                root.toString()));
        c.path("Entrypoint").forEach(a -> command.add(a.asText()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("service.log").toFile());
        pb.environment().clear();
        c.path("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        });
        // configured as the Deployment does: environment variables; Kafka is nowhere
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort());
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            HttpResponse<String> answer = null;
            while (answer == null && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    answer = http.send(live, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(300);
                }
            }
            String log = Files.readString(tmp.resolve("service.log"), StandardCharsets.UTF_8);
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
