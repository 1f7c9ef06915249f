package io.fosfleet.config;

import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's watchdog cell from heartbeat-service's kick summaries on {@code fos.heartbeat.kicks}: "kicked N s ago"
 * for a kicked pair, the countdown when kicks stopped, the plain truth for maintenance, a stale summary and a device
 * that failed over; refreshed summaries reach open pages on the live stream.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class ConsoleWatchdogTest {

    private static final Pattern WDOG_CELL = Pattern.compile("<td class=\"wdog[^>]*>.*?</td>", Pattern.DOTALL);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TestHTTPResource("/console/stream")
    URL stream;

    @Test
    void theWatchdogCellTellsWhatHeartbeatServiceKnowsAboutTheKicks() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        DeviceId id = DeviceId.of(deviceId);
        Instant now = Instant.now();
        state(id, "1", "1");
        String viewer = signIn("viewer");

        // a pair without a summary yet: it says so (never "no fresh reading" from an extrapolated countdown)
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("data-kick=\"NO_READING\"").contains("no kick reading yet"));

        // kicked: "kicked N s ago" from the last acknowledged kick
        Instant lastAck = now.minusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        publish(KickSummary.of(id, pairId, Instant.now(), "heartbeat-service", "hb-1", null, false,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), lastAck, null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("data-kick=\"KICKED\"").contains("data-last-kick=\"" + lastAck + "\"")
                .containsPattern("on · <span class=\"kick\">kicked [0-9]+ s ago</span>")
                .doesNotContain("no fresh reading"));

        // the primary died: the countdown to the watchdog running out, from the last acknowledged kick
        Instant ack = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        publish(KickSummary.of(id, pairId, Instant.now(), "heartbeat-service", "hb-1",
                KickSummary.NotKicking.PRIMARY_DOWN, false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(30), ack, ack.plusMillis(300)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("data-kick=\"COUNTDOWN\"").contains("data-fails-at=\"" + ack.plusSeconds(30) + "\"")
                .containsPattern("primary down · fails over in [0-9]+ s"));
        Matcher m = Pattern.compile("fails over in ([0-9]+) s").matcher(cell(viewer, deviceId));
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isBetween(1, 30);

        // the pair page shows the same cell
        assertThat(given().cookie("fosfleet_session", viewer).get("/console/pairs/" + pairId).then()
                .statusCode(200).extract().asString()).contains("id=\"st-wdog\"").contains("data-kick=\"COUNTDOWN\"")
                .containsPattern("primary down · fails over in [0-9]+ s");

        // the countdown ran out before the device reported the failover: the time it ran out, not a negative count
        Instant old = Instant.now().minusSeconds(40).truncatedTo(ChronoUnit.SECONDS);
        publish(KickSummary.of(id, pairId, Instant.now(), "heartbeat-service", "hb-1",
                KickSummary.NotKicking.PRIMARY_DOWN, false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(5), old, old.plusSeconds(1)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("watchdog ran out at " + old.plusSeconds(5).toString().substring(11, 19)));

        // a kicked pair's summary that stopped coming (heartbeat-service gone): since when there is no reading
        Instant staleAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        publish(new KickSummary(java.util.UUID.randomUUID(), KickSummary.Type.SUMMARY, id, staleAt,
                "heartbeat-service", 1, pairId, "hb-1", true, null, false, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), staleAt.minusMillis(400), null, null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("no kick reading since " + staleAt.toString().substring(11, 19))
                .doesNotContain("kicked 6"));

        // maintenance: the plain truth
        publish(KickSummary.of(id, pairId, Instant.now(), "heartbeat-service", "hb-2",
                KickSummary.NotKicking.MAINTENANCE, false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(5), null, null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("data-kick=\"MAINTENANCE\"").contains("not kicked (maintenance)"));

        // the device reports its watchdog ran out: FAILURE, whatever the countdown said
        state(id, "0", "2");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("data-kick=\"FAILURE\"").contains(">FAILURE<").doesNotContain("class=\"kick\""));

        // the pair was removed from heartbeat-service (tombstone): no summary kept
        state(id, "1", "1");
        Topics.publishRaw(Topic.HEARTBEAT_KICKS, deviceId, null);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cell(viewer, deviceId))
                .contains("data-kick=\"NO_READING\""));
    }

    @Test
    void aRefreshedSummaryReachesTheOpenPagesOnTheLiveStream() throws Exception {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        DeviceId id = DeviceId.of(deviceId);
        state(id, "1", "1");
        String cookie = signIn("viewer");
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream.toURI())
                .header("Cookie", "fosfleet_session=" + cookie).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String> lines = SseLines.follow(response);
        try {
            next(lines, l -> l.startsWith("data:") && l.contains(deviceId), Duration.ofSeconds(10));
            Instant first = Instant.now().minusMillis(300).truncatedTo(ChronoUnit.MILLIS);
            publish(KickSummary.of(id, pairId, Instant.now(), "heartbeat-service", "hb-1", null, false,
                    Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), first, null));
            String row = next(lines, l -> l.startsWith("data:") && l.contains(deviceId)
                    && l.contains("\"lastKickAt\":\"" + first + "\""), Duration.ofSeconds(10));
            assertThat(row).contains("\"status\":\"KICKED\"").contains("\"replica\":\"hb-1\"")
                    .contains("data-kick=\\\"KICKED\\\"");
            // the refresh: only the times moved
            Instant second = first.plusSeconds(5);
            publish(KickSummary.of(id, pairId, Instant.now(), "heartbeat-service", "hb-1", null, false,
                    Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), second, null));
            String refreshed = next(lines, l -> l.startsWith("data:") && l.contains(deviceId)
                    && l.contains("\"lastKickAt\":\"" + second + "\""), Duration.ofSeconds(10));
            assertThat(refreshed).contains("\"status\":\"KICKED\"").contains("\"stateText\":\"on primary\"");
        } finally {
            response.body().close();
        }
    }

    private static void state(DeviceId id, String mode, String wdogstate) {
        Instant now = Instant.now();
        Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(id, now, "device-gateway", now, true, false,
                Map.of("mode", mode, "scenario", "0", "wdog", "1", "wdogstate", wdogstate, "wdogitime", "5",
                        "wdogrtime", "5", "power1", "1", "power2", "1")));
    }

    private static void publish(KickSummary summary) {
        Topics.publish(Topic.HEARTBEAT_KICKS, summary);
    }

    private static String cell(String cookie, String deviceId) {
        String page = given().cookie("fosfleet_session", cookie).get("/console?q=" + deviceId).then().statusCode(200)
                .extract().asString();
        Matcher m = WDOG_CELL.matcher(page);
        return m.find() ? m.group() : "(no watchdog cell on the page)";
    }

    private static String signIn(String user) {
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", user).formParam("password", user).post("/console/login");
        r.then().statusCode(303);
        return r.getCookie("fosfleet_session");
    }

    private static String next(BlockingQueue<String> lines, java.util.function.Predicate<String> match,
                               Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && match.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no matching line on the stream within " + within);
    }
}
