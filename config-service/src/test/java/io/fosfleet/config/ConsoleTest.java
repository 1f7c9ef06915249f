package io.fosfleet.config;

import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The NOC console in config-service: sign-in with the API's users, pages per role, controls refused to a viewer and to
 * cross-site requests, and the live stream reacting to a device state record on Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class ConsoleTest {

    private static final String CSRF = "X-Fosfleet-Console";

    @TestHTTPResource("/console/stream")
    URL stream;

    private static String signIn(String user) {
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", user).formParam("password", user).post("/console/login");
        r.then().statusCode(303).header("Location", endsWith("/console"));
        String setCookie = r.getHeader("Set-Cookie");
        assertThat(setCookie).contains("fosfleet_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");   // plain http here; Secure when served over https
        return r.getCookie("fosfleet_session");
    }

    @Test
    void signInGivesTheApiTokenAsAStrictHttpOnlyCookieAndAWrongPasswordNothing() {
        given().redirects().follow(false).get("/console").then().statusCode(303)
                .header("Location", endsWith("/console/login"));
        given().contentType(ContentType.URLENC).formParam("username", "operator").formParam("password", "viewer")
                .post("/console/login").then().statusCode(401).header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .body(containsString("Wrong user name or password."));

        // a session from an earlier run (another key) or an expired one: back to sign-in, and the browser forgets it
        String forged = Api.token("viewer").substring(0, Api.token("viewer").lastIndexOf('.') + 1) + "AAAA";
        given().redirects().follow(false).cookie("fosfleet_session", forged).get("/console").then().statusCode(303)
                .header("Location", endsWith("/console/login?expired=true"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", endsWith("/console"));

        String cookie = signIn("viewer");
        // the cookie is the API's own token: the API accepts it as the viewer, and the page names the user
        given().cookie("fosfleet_session", cookie).get("/api/fleet").then().statusCode(200);
        given().cookie("fosfleet_session", cookie).get("/console").then().statusCode(200)
                .body(containsString("viewer")).body(containsString("(viewer)"));
    }

    @Test
    void fleetAndPairPagesShowTheDeviceAndOnlyAnOperatorGetsControls() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        Instant now = Instant.now();
        Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(DeviceId.of(deviceId), now, "device-gateway", now,
                true, false, Map.of("mode", "0", "scenario", "0", "wdog", "1", "wdogstate", "2", "power1", "1",
                        "power2", "0", "wdogitime", "10", "wdogrtime", "0")));
        String viewer = signIn("viewer");
        String operator = signIn("operator");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().cookie("fosfleet_session", viewer).get("/console?q=" + deviceId).then().statusCode(200)
                        .body(containsString("data-device=\"" + deviceId + "\""))
                        .body(containsString("FAILED OVER")).body(containsString("FAILURE")));

        String viewerPage = given().cookie("fosfleet_session", viewer).get("/console/pairs/" + pairId).then()
                .statusCode(200).extract().asString();
        assertThat(viewerPage).contains("Pair " + pairId).contains("PSTN").contains("A–D")
                .doesNotContain("data-control").doesNotContain("Switch to primary");
        String operatorPage = given().cookie("fosfleet_session", operator).get("/console/pairs/" + pairId).then()
                .statusCode(200).extract().asString();
        assertThat(operatorPage).contains("data-control=\"command\"").contains("Switch to primary (A–B)")
                .contains("Maintenance on").contains("Re-arm watchdog").contains("Send test mail");
        given().cookie("fosfleet_session", viewer).get("/console/pairs/no-such-pair").then().statusCode(404);
    }

    @Test
    void aViewerForcingAControlGets403AndNothingIsSent() {
        String deviceId = createDevice();
        String viewer = signIn("viewer");
        given().cookie("fosfleet_session", viewer).header(CSRF, "1").contentType(ContentType.JSON)
                .body(Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "0"), "reason", "forced"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(403);
        String pairId = createPair(deviceId);
        given().cookie("fosfleet_session", viewer).header(CSRF, "1").contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "reason", "forced")).post("/api/pairs/" + pairId + "/maintenance")
                .then().statusCode(403);
        operator().get("/api/commands?deviceId=" + deviceId).then().statusCode(200).body("", hasSize(0));
        operator().get("/api/pairs/" + pairId).then().body("maintenance", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void aCookieSignedRequestWithoutTheConsoleHeaderOrFromAnotherOriginIsRefused() {
        String deviceId = createDevice();
        String operator = signIn("operator");
        Map<String, Object> command = Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "0"),
                "reason", "CHG-1");
        given().cookie("fosfleet_session", operator).contentType(ContentType.JSON).body(command)
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(403)
                .body(containsString("cross-site request refused"));
        given().cookie("fosfleet_session", operator).header(CSRF, "1").header("Origin", "https://evil.example")
                .contentType(ContentType.JSON).body(command).post("/api/devices/" + deviceId + "/commands").then()
                .statusCode(403).body(containsString("evil.example"));
        operator().get("/api/commands?deviceId=" + deviceId).then().body("", hasSize(0));

        given().cookie("fosfleet_session", operator).header(CSRF, "1").contentType(ContentType.JSON).body(command)
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202);
        operator().get("/api/audit?targetId=" + deviceId).then().body("reason", org.hamcrest.Matchers.hasItem("CHG-1"))
                .body("actor", org.hamcrest.Matchers.hasItem("operator"));
    }

    @Test
    void theAlertsPageSaysSoWhenAlertServiceIsUnreachable() {
        String viewer = signIn("viewer");
        given().cookie("fosfleet_session", viewer).get("/console/alerts").then().statusCode(200)
                .body(containsString("Alert-service is not available"))
                .body(containsString("127.0.0.1:9"))
                .body(not(containsString("Exception")));
        given().cookie("fosfleet_session", signIn("operator")).header(CSRF, "1").contentType(ContentType.JSON)
                .body(Map.of("comment", "x")).post("/console/silences").then().statusCode(502)
                .body(containsString("unreachable"));
        given().cookie("fosfleet_session", viewer).header(CSRF, "1").contentType(ContentType.JSON)
                .body(Map.of("comment", "x")).post("/console/silences").then().statusCode(403);
    }

    @Test
    void theStreamSendsASnapshotAndThenTheRowOfADeviceWhoseStateArrivesOnKafka() throws Exception {
        String deviceId = createDevice();
        createPair(deviceId);
        String cookie = signIn("viewer");
        given().get("/console/stream").then().statusCode(401);

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = openStream(client, cookie);
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = SseLines.follow(response);
        try {
            String first = next(lines, l -> l.startsWith("event:"), Duration.ofSeconds(10));
            assertThat(first).isEqualTo("event:snapshot");
            String snapshot = next(lines, l -> l.startsWith("data:"), Duration.ofSeconds(5));
            assertThat(snapshot).contains(deviceId).contains("no state reported yet");

            Instant now = Instant.now();
            Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(DeviceId.of(deviceId), now, "device-gateway", now,
                    true, false, Map.of("mode", "0", "scenario", "0", "wdog", "1", "wdogstate", "2")));
            String row = next(lines, l -> l.startsWith("data:") && l.contains("\"deviceId\":\"" + deviceId + "\""),
                    Duration.ofSeconds(10));
            assertThat(row).contains("\"state\":\"FAILED_OVER\"").contains("\"stateText\":\"FAILED OVER\"")
                    .contains("\"relay\":\"A–D\"").contains("\"watchdog\":\"FAILURE\"");

            Topics.publish(Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.REARMED, DeviceId.of(deviceId),
                    Instant.now(), "device-gateway", 40, Map.of(), "Wdog swithed: on"));
            String event = next(lines, l -> l.startsWith("data:") && l.contains("REARMED")
                    && l.contains(deviceId), Duration.ofSeconds(10));
            assertThat(event).contains("\"lastEventType\":\"REARMED\"");
        } finally {
            response.body().close();
        }
    }

    @Test
    void signingOutEndsEveryStreamOfThatSessionAndNoOtherOne() throws Exception {
        String operator = signIn("operator");
        String viewer = signIn("viewer");
        HttpClient client = HttpClient.newHttpClient();
        List<HttpResponse<InputStream>> responses = new ArrayList<>();
        try {
            // two windows of the operator's session, one of the viewer's
            List<BlockingQueue<String>> operatorWindows = new ArrayList<>();
            for (int window = 0; window < 2; window++) {
                HttpResponse<InputStream> r = openStream(client, operator);
                responses.add(r);
                operatorWindows.add(SseLines.follow(r));
            }
            HttpResponse<InputStream> v = openStream(client, viewer);
            responses.add(v);
            BlockingQueue<String> viewerWindow = SseLines.follow(v);
            for (BlockingQueue<String> lines : operatorWindows) {
                assertThat(next(lines, l -> l.startsWith("data:"), Duration.ofSeconds(10)))
                        .as("the snapshot names who the stream runs for").contains("\"user\":\"operator\"");
            }
            assertThat(next(viewerWindow, l -> l.startsWith("data:"), Duration.ofSeconds(10)))
                    .contains("\"user\":\"viewer\"");

            given().cookie("fosfleet_session", operator).header(CSRF, "1").redirects().follow(false)
                    .post("/console/logout").then().statusCode(303);

            for (BlockingQueue<String> lines : operatorWindows) {
                next(lines, SseLines.END::equals, Duration.ofSeconds(10));
            }
            // the viewer's stream goes on: nothing ends it within the same time
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                assertThat(viewerWindow.poll(100, TimeUnit.MILLISECONDS)).as("the viewer's stream")
                        .isNotEqualTo(SseLines.END);
            }
            // and the signed-out session cannot open a new one
            assertThat(openStream(client, operator).statusCode()).isEqualTo(401);
        } finally {
            for (HttpResponse<InputStream> r : responses) {
                r.body().close();
            }
        }
    }

    private HttpResponse<InputStream> openStream(HttpClient client, String cookie) throws Exception {
        return client.send(HttpRequest.newBuilder(stream.toURI()).header("Cookie", "fosfleet_session=" + cookie)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
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
