package io.fosfleet.config;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox survives a crash between commit and publish: the packaged service saves a change while its relay is held
 * back, is killed with SIGKILL, and the next start publishes the saved record.
 */
class OutboxCrashIT {

    private final Path workDir = Path.of(System.getProperty("config-service.work-dir", "target/crash-it"));
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(int port, boolean relay) throws IOException {
        Files.createDirectories(workDir);
        Process p = new ProcessBuilder("java",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + KafkaBroker.shared().bootstrapServers(),
                "-Dfosfleet.config.database.url=jdbc:h2:file:" + workDir.toAbsolutePath().resolve("db")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "-Dfosfleet.config.outbox.relay-enabled=" + relay,
                // the packaged jar has no keys and no demo users (secure by default): give it the test-only pair
                "-Dmp.jwt.verify.publickey.location=" + testKey("publicKey.pem"),
                "-Dsmallrye.jwt.sign.key.location=" + testKey("privateKey.pem"),
                "-Dfosfleet.config.auth.demo-users=true",
                "-jar", System.getProperty("config-service.jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("service-" + port + ".log").toFile())
                .start();
        started.add(p);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
        return p;
    }

    private static String testKey(String name) {
        return Path.of("src/test/resources/test-keys", name).toAbsolutePath().toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String adminToken(int port) {
        return given().port(port).contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/token").then().statusCode(200).extract().path("accessToken");
    }

    private static List<ConfigRecord> published(String deviceId) {
        return Topics.matching(Topic.CONFIG, ConfigRecord.class, r -> r.deviceId().value().equals(deviceId));
    }

    @Test
    void savedChangeIsPublishedAfterAKillBetweenCommitAndPublish() throws Exception {
        int port = freePort();
        Process first = start(port, false);
        String deviceId = Fixtures.unique("crash");
        Map<String, Object> device = Fixtures.device(deviceId);
        given().port(port).auth().oauth2(adminToken(port)).contentType(ContentType.JSON).body(device)
                .post("/api/devices").then().statusCode(201);

        first.destroyForcibly();  // SIGKILL: no shutdown hook, no last flush
        assertThat(first.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .isTrue();
        assertThat(published(deviceId)).as("nothing was published before the kill").isEmpty();

        start(port, true);
        ConfigRecord record = await().atMost(Duration.ofSeconds(30)).until(() -> published(deviceId),
                r -> !r.isEmpty()).get(0);
        assertThat(record.type()).isEqualTo(ConfigRecord.Type.DESIRED);
        assertThat(record.device().mac()).isEqualTo(((String) device.get("mac")).toLowerCase());
        Thread.sleep(2000);  // a relay that published twice would show it now
        assertThat(published(deviceId)).hasSize(1);
    }
}
