package io.fosfleet.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.fosfleet.alert.support.Events;
import io.fosfleet.alert.support.WebhookServer;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service as a real process, killed with SIGKILL in the middle of a burst and started again: every
 * notification is delivered exactly once in the end — none lost (offsets committed only after delivery), none sent
 * again once recorded (what was delivered is known again from fos.alerts); a notification in flight at the kill is
 * sent again under the same Idempotency-Key.
 */
class AlertServiceCrashIT {

    private static final Path WORK = Path.of(System.getProperty("alert.workdir", "target/it"));
    private static WebhookServer webhook;
    private static Events events;
    private static Path rules;

    @BeforeAll
    static void setUp() throws IOException {
        Files.createDirectories(WORK);
        // Slow enough that a kill lands while notifications are still going out.
        webhook = new WebhookServer(60);
        events = new Events(KafkaBroker.shared().bootstrapServers());
        rules = WORK.resolve("crash-rules.yaml");
        Files.writeString(rules, """
                route:
                  receiver: hook
                  group_by: [device]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook: {url: "%s"}
                """.formatted(webhook.url("/ok")));
    }

    @AfterAll
    static void tearDown() {
        webhook.close();
        events.close();
    }

    @Test
    void killedInTheMiddleOfABurstEveryNotificationIsDeliveredExactlyOnceAfterRestart() throws Exception {
        Process first = start("first");
        List<HeartbeatEvent> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(Events.heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-crash-" + i, "crash-" + i));
        }
        events.burst(Topic.HEARTBEAT_EVENTS, burst);
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook.received().size() >= 10);
        first.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no last commit
        int beforeRestart = webhook.received().size();
        assertThat(beforeRestart).isLessThan(50);

        Process second = start("second");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> ids(webhook.receivedOncePerKey()).size() >= 50);
            Thread.sleep(3000);  // a duplicate would show up by now
            Map<String, Long> counts = ids(webhook.receivedOncePerKey()).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(
                    burst.stream().map(e -> e.id().toString()).toList());
            assertThat(counts.values()).allMatch(n -> n == 1);
            // On the wire, only what was in flight at the kill can come twice: at most one per delivery thread,
            // and with the same Idempotency-Key, which is how the receiver above drops it.
            assertThat(webhook.received().size() - 50).isBetween(0, 2);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private static List<String> ids(List<JsonNode> payloads) {
        return payloads.stream()
                .flatMap(p -> StreamSupport.stream(p.path("eventIds").spliterator(), false))
                .map(JsonNode::asText).toList();
    }

    private static Process start(String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkafka.bootstrap.servers=" + KafkaBroker.shared().bootstrapServers(),
                "-Dquarkus.http.port=" + port,
                "-Dfosfleet.alert.rules-file=" + rules.toAbsolutePath(),
                "-Dfosfleet.alert.kafka.group-id=crash-test",
                "-Dfosfleet.alert.delivery.threads=2",
                "-jar", System.getProperty("alert.jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve(name + ".log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("alert-service exited; see " + WORK.resolve(name + ".log"));
            }
            try {
                return http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return p;
    }
}
