package io.fosfleet.heartbeat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One heartbeat-service replica as production runs it: the packaged jar in a JVM of its own. */
final class Replica implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern OWNED = Pattern.compile("\"owned\"\\s*:\\s*(\\d+)");

    private final int port;
    private final Process process;

    private Replica(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static Replica start(String name, String bootstrapServers) {
        Path jar = Path.of(System.getProperty("heartbeat.jar", "target/quarkus-app/quarkus-run.jar"));
        Path logs = Path.of(System.getProperty("heartbeat.logs", "target/replicas"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dkafka.bootstrap.servers=" + bootstrapServers,
                "-Dquarkus.http.port=" + port,
                "-Dfosfleet.heartbeat.handover-grace=2s",
                "-jar", jar.toString()));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Replica(port, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replica " + name, e);
        }
    }

    boolean ready() {
        return get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false);
    }

    /** How many pairs it owns, -1 when it does not answer. */
    int owned() {
        return get("/pairs").map(r -> {
            Matcher m = OWNED.matcher(r.body());
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }).orElse(-1);
    }

    /** SIGKILL: no shutdown hook, no leaving the group; its partitions move after the session timeout. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private java.util.Optional<HttpResponse<String>> get(String path) {
        try {
            return java.util.Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
