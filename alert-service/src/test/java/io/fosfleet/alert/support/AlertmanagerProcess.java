package io.fosfleet.alert.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.fosfleet.events.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's Prometheus Alertmanager ({@code /usr/bin/prometheus-alertmanager}) as a process on loopback: its own
 * storage in a temporary directory, a configuration with one "null" receiver (it notifies nobody: the tests read its
 * API), clustering off, and HTTP basic authentication on its API (user {@link #USER}, password {@link #PASSWORD}).
 */
public final class AlertmanagerProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    public static final String USER = "fosfleet";
    /** A password for this test only; the web configuration holds its bcrypt hash (cost 4, so checks stay fast). */
    public static final String PASSWORD = "am-test-password";
    private static final String HASH = "$2b$04$KTwFIlk.fBeQdwsHptGMte9yi8m78F2QzWSve2JowJK4IDSGaNbH6";

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    private AlertmanagerProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** A free port on loopback, for the routing file written before the Alertmanager starts. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it on the port and waits until it answers ready (at most 20 s). */
    public static AlertmanagerProcess start(int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("alertmanager-test");
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: "null"
                receivers:
                  - name: "null"
                """);
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  " + USER + ": " + HASH + "\n");
        Process p = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + config,
                "--web.config.file=" + web,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        AlertmanagerProcess am = new AlertmanagerProcess(p, dir, port);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                String log = Files.readString(dir.resolve("alertmanager.log"));
                am.close();
                throw new IllegalStateException("Alertmanager exited at start: " + log);
            }
            try {
                if (am.get("/-/ready").statusCode() == 200) {
                    return am;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        am.close();
        throw new IllegalStateException("Alertmanager did not become ready on port " + port + " within 20 s");
    }

    /** Its active alerts ({@code GET /api/v2/alerts}: resolved alerts are not listed). */
    public List<JsonNode> alerts() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v2/alerts");
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/v2/alerts answered " + r.statusCode() + ": " + r.body());
        }
        List<JsonNode> alerts = new ArrayList<>();
        EventJson.fromJson(r.body(), JsonNode.class).forEach(alerts::add);
        return alerts;
    }

    /** The active alerts of a device. */
    public List<JsonNode> alertsOf(String device) throws IOException, InterruptedException {
        return alerts().stream().filter(a -> device.equals(a.path("labels").path("device").asText())).toList();
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("alertmanager.log"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
