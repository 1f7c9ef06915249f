package io.fosfleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real operator's path through the packaged services: a relay switch requested over config-service's REST API (with
 * a bearer token) reaches device-gateway over Kafka, changes the simulated device's relay, and the command reports
 * DONE. The same request without a token is refused with 401 and leaves the device alone.
 *
 * <p>Real parts only: an in-process Kafka broker, an in-process simulated berofos, and config-service and
 * device-gateway started from their {@code target/quarkus-app/quarkus-run.jar} as child processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RelaySwitchEndToEndIT.TailOnFailure.class)
class RelaySwitchEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final String DEVICE_ID = "e2e-fos";
    private static final MacAddress MAC = MacAddress.parse("00:19:32:e2:e0:01");

    private static final List<Service> services = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path target = Path.of("target").toAbsolutePath();

    private KafkaBroker broker;
    private Simulator sim;
    private Service configService;
    private Service gateway;

    @BeforeAll
    void startEverything() throws Exception {
        try {
            start();
        } catch (Exception | AssertionError e) {
            TailOnFailure.printTails();
            throw e;
        }
    }

    private void start() throws Exception {
        Path root = repositoryRoot();
        Path configJar = root.resolve("config-service/target/quarkus-app/quarkus-run.jar");
        Path gatewayJar = root.resolve("device-gateway/target/quarkus-app/quarkus-run.jar");
        assertThat(configJar).as("packaged config-service (build it first)").isRegularFile();
        assertThat(gatewayJar).as("packaged device-gateway (build it first)").isRegularFile();

        Path work = target.resolve("e2e");
        deleteTree(work);
        Files.createDirectories(work);

        broker = KafkaBroker.start(0, work.resolve("kafka"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(LocalRun.topics()).all().get(60, TimeUnit.SECONDS);
        }

        // relay A-D at power-up, so the first switch (to A-B) is visibly the command's doing; watchdog off
        sim = Simulator.start(SimulatorConfig.of(List.of(new DeviceSpec(MAC, SimulatorConfig.randomLoopbackBlock(),
                freePort(), Map.of(Key.MODEDEF, "0", Key.WDOGDEF, "0")))));

        DemoKeys keys = DemoKeys.generate(work.resolve("keys"));
        List<String> jvm = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        int configPort = freePort();
        List<String> configProps = new ArrayList<>(common(configPort));
        configProps.addAll(keys.configServiceProperties());
        configProps.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + work.resolve("config-service/db")
                + ";DB_CLOSE_ON_EXIT=FALSE");
        configService = Service.start("config-service", configJar, configPort, jvm, configProps, work);

        int gatewayPort = freePort();
        List<String> gatewayProps = new ArrayList<>(common(gatewayPort));
        gatewayProps.add("-Dfosfleet.gateway.syslog.host=127.0.0.1");
        gatewayProps.add("-Dfosfleet.gateway.syslog.port=0");
        gateway = Service.start("device-gateway", gatewayJar, gatewayPort, jvm, gatewayProps, work);

        for (Service s : List.of(configService, gateway)) {
            await("/q/health/ready of " + s.name).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(s.process.isAlive()).as(s.name + " exited; see " + s.log).isTrue();
                        return get(s.url("/q/health/ready"), null).statusCode() == 200;
                    });
        }
    }

    private List<String> common(int port) {
        return List.of("-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port);
    }

    @AfterAll
    void stopEverything() {
        for (Service s : services) {
            s.stop();
        }
        if (sim != null) {
            sim.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void operatorSwitchesTheRelayOverRestAndTheDeviceFollows() throws Exception {
        SimulatedDevice device = sim.device(MAC);
        String admin = token("admin");
        String operator = token("operator");

        HttpResponse<String> created = post(configService.url("/api/devices"), admin, Map.of(
                "id", DEVICE_ID, "name", "end-to-end berofos", "mac", MAC.toString(),
                "host", device.address().toString(), "httpPort", device.httpPort(),
                "site", "e2e", "rack", "r1", "pollInterval", "PT1S"));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 299);

        await("device-gateway owns " + DEVICE_ID).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = get(gateway.url("/devices/" + DEVICE_ID), null);
                    return r.statusCode() == 200 && JSON.readTree(r.body()).path("reachable").asBoolean();
                });
        assertThat(device.status().connections()).isEqualTo("A-D");

        // no token: refused, nothing reaches the device
        HttpResponse<String> anonymous = post(configService.url("/api/devices/" + DEVICE_ID + "/commands"), null,
                switchRelay("1"));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        Thread.sleep(2000); // longer than a command takes end to end (below): had it gone out, it would show
        assertThat(device.status().connections()).as("relay after the refused request").isEqualTo("A-D");

        // the operator: A-B, then back to A-D
        switchAndAwait(operator, "1", "A-B");
        switchAndAwait(operator, "0", "A-D");
    }

    private void switchAndAwait(String token, String mode, String connections) throws Exception {
        HttpResponse<String> accepted = post(configService.url("/api/devices/" + DEVICE_ID + "/commands"), token,
                switchRelay(mode));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String commandId = JSON.readTree(accepted.body()).path("commandId").asText();
        assertThat(commandId).as(accepted.body()).isNotBlank();

        await("command " + commandId + " DONE").atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode command = JSON.readTree(get(configService.url("/api/commands/" + commandId), token)
                            .body());
                    assertThat(command.path("status").asText()).as(command.toString()).isNotEqualTo("FAILED");
                    return "DONE".equals(command.path("status").asText());
                });
        assertThat(sim.device(MAC).status().connections()).isEqualTo(connections);
    }

    private static Map<String, Object> switchRelay(String mode) {
        return Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", mode), "reason", "e2e test");
    }

    private String token(String user) throws Exception {
        HttpResponse<String> r = post(configService.url("/api/auth/token"), null,
                Map.of("username", user, "password", user));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String token = JSON.readTree(r.body()).path("accessToken").asText();
        assertThat(token).as(r.body()).isNotBlank();
        return token;
    }

    private HttpResponse<String> post(String url, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(e);
        }
    }

    /** The repository root: the nearest directory up from here that has both services' modules. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config-service")) && Files.isDirectory(dir.resolve("device-gateway"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no fosfleet repository above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One packaged service as a child JVM, its output in {@code target/e2e/<name>.log}. */
    private static final class Service {
        final String name;
        final Process process;
        final Path log;
        final int port;

        private Service(String name, Process process, Path log, int port) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static Service start(String name, Path jar, int port, List<String> jvm, List<String> properties, Path work)
                throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.addAll(properties);
            command.add("-jar");
            command.add(jar.toString());
            Path dir = Files.createDirectories(work.resolve(name));
            Path log = work.resolve(name + ".log");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Service service = new Service(name, process, log, port);
            services.add(service);
            return service;
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        String tail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    /** On a failure (also of the start), the last lines of every service's log. */
    static final class TailOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printTails();
        }

        static void printTails() {
            for (Service s : services) {
                System.err.println("---- last lines of " + s.log + " ----\n" + s.tail(40));
            }
        }
    }

    /** A connection that was refused or timed out, as a response nobody would take for ready. */
    private record FailedResponse(IOException cause) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return cause.toString(); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
