package io.fosfleet.config;

import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What the console's pages say, as a NOC engineer reads them: durations in words, times to the second, a berofos
 * named once, probe results with the verdict and the time they belong to, and a page (layout, what happened, a way
 * back) for every error the console can hit.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class ConsolePagesTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static String signIn(String user) {
        Response r = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", user).formParam("password", user).post("/console/login");
        r.then().statusCode(303);
        return r.getCookie("fosfleet_session");
    }

    @Test
    void everyErrorTheConsoleCanHitIsAPageWithTheLayoutWhatHappenedAndAWayBack() {
        String viewer = signIn("viewer");

        // an unknown pair: a console page, not a bare text
        String noPair = given().cookie("fosfleet_session", viewer).accept(BROWSER).get("/console/pairs/nope").then()
                .statusCode(404).contentType(startsWith("text/html")).extract().asString();
        assertThat(noPair).contains("<h1>No pair “nope”</h1>").contains("There is no pair “nope” in the inventory")
                .contains("href=\"/console\" id=\"error-back\">Back to the fleet</a>")
                .contains("aria-label=\"Pages\"").contains("/console/console.css").contains("rel=\"icon\"")
                .contains("viewer");

        // any other address under /console
        String noPage = given().cookie("fosfleet_session", viewer).accept(BROWSER).get("/console/pairz/x").then()
                .statusCode(404).contentType(startsWith("text/html")).extract().asString();
        assertThat(noPage).contains("<h1>No such page</h1>").contains("no page “/console/pairz/x”")
                .contains("Back to the fleet");
        // ... while the console's own files are still served as they are
        given().get("/console/console.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/console/console.js").then().statusCode(200).body(containsString("EventSource"));

        // a session that has ended (expired, or from a run with another key): sign-in says so
        String forged = Api.token("viewer").substring(0, Api.token("viewer").lastIndexOf('.') + 1) + "AAAA";
        given().redirects().follow(false).cookie("fosfleet_session", forged).get("/console/pairs/nope").then()
                .statusCode(303).header("Location", endsWith("/console/login?expired=true"));
        given().get("/console/login?expired=true").then().statusCode(200)
                .body(containsString("Your session has ended"));
        given().get("/console/login").then().statusCode(200).body(org.hamcrest.Matchers.not(
                containsString("Your session has ended")));

        // a form posted without the console's script (sign-out with scripts off): a refusal page, nothing changed
        String refused = given().redirects().follow(false).cookie("fosfleet_session", viewer).accept(BROWSER)
                .contentType(ContentType.URLENC).post("/console/logout").then().statusCode(403)
                .contentType(startsWith("text/html")).extract().asString();
        assertThat(refused).contains("<h1>Request refused</h1>").contains("nothing was changed")
                .contains("Back to the console");
        given().cookie("fosfleet_session", viewer).get("/api/fleet").then().statusCode(200);
        // an API client still gets problem+json from the same guard
        given().cookie("fosfleet_session", viewer).contentType(ContentType.JSON).body("{}")
                .post("/api/devices/x/commands").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void theFaviconIsServedAndLinkedAndTheSecurityPolicyAllowsIt() {
        given().get("/console/favicon.svg").then().statusCode(200).contentType(startsWith("image/svg+xml"))
                .body(containsString("<svg"));
        given().redirects().follow(false).get("/favicon.ico").then().statusCode(301)
                .header("Location", endsWith("/console/favicon.svg"));
        given().get("/console/login").then().statusCode(200)
                .body(containsString("<link rel=\"icon\" href=\"/console/favicon.svg\" type=\"image/svg+xml\">"))
                // the policy allows the service's own images: default-src 'self' and no img-src narrowing it
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", org.hamcrest.Matchers.not(containsString("img-src")));
    }

    @Test
    void thePairPageShowsDurationsInWordsTimesToTheSecondTheBerofosOnceAndProbeResultsWithTheirVerdict() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);   // kicks every PT2S, start delay PT1S; probes every PT2S
        Instant seen = Instant.now();
        Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(DeviceId.of(deviceId), seen, "device-gateway", seen,
                true, false, Map.of("mode", "1", "scenario", "0", "wdog", "1", "wdogstate", "1", "wdogitime", "10")));
        Instant running = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Topics.publish(Topic.HEARTBEAT_EVENTS, HeartbeatEvent.create(HeartbeatEvent.Type.RUNNING,
                DeviceId.of(deviceId), pairId, running, "heartbeat-service", "kicking",
                Map.of("kickInterval", "PT2S", "startDelay", "PT1S", "worstCaseGap", "PT4.5S", "partition", "3")));
        // a verdict taken at a time with nanoseconds, with its probes' results
        Instant down = running.plusSeconds(20).plusNanos(123_456_789);
        Topics.publish(Topic.HEARTBEAT_EVENTS, HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN,
                DeviceId.of(deviceId), pairId, down, "heartbeat-service", "primary unhealthy",
                Map.of("combination", "ALL", "probe.1.tcp",
                        "DOWN: last check failed: connection refused (3 failures in a row)")));
        String viewer = signIn("viewer");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(pairPage(viewer, pairId)).contains("PRIMARY_DOWN").contains("kick gap"));
        String page = pairPage(viewer, pairId);

        // durations in words, never ISO-8601
        assertThat(page).contains("every 2 s, start delay 1 s")
                .contains("watchdog interval 10 s outlasts the worst-case kick gap 4.5 s")
                .contains(":5060 every 2 s")
                .doesNotContain("PT2S").doesNotContain("PT1S").doesNotContain("PT4.5S").doesNotContain("PT10S");
        // the berofos named once ("berofos fos-…" in the inventory: not "berofos berofos fos-…")
        assertThat(page).contains("berofos " + deviceId).doesNotContain("berofos berofos");
        // times to the second: the nanoseconds are not shown, and not in the machine-readable attribute either
        String second = down.truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(page).contains("datetime=\"" + second + "\"").doesNotContain("123456789")
                .contains(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                        .withZone(java.time.ZoneOffset.UTC).format(down));
        // the probe results come with the verdict they were taken with and its time
        assertThat(page).contains("with its verdict <strong>PRIMARY_DOWN</strong> at <time datetime=\"" + second)
                .contains("<strong>1.tcp</strong>: DOWN: last check failed: connection refused (3 failures in a row)");
        // the drawing's text alternative names the relay and what it means
        assertThat(page).contains("relay A–B: PSTN on the primary</title>");

        // the fleet row: the pair id is one unbreakable word
        given().cookie("fosfleet_session", viewer).get("/console?q=" + deviceId).then().statusCode(200)
                .body(containsString("class=\"id\">" + pairId + "</a>"));
    }

    /**
     * Each part of the console (sign-in, pages, alerts, live stream) answers a refusal in the console's words: a page
     * for a browser, problem+json for the console's scripts; never the API's or the framework's generic answer.
     */
    @Test
    void everyPartOfTheConsoleRefusesInTheConsolesWords() {
        String viewer = signIn("viewer");
        // alerts: a viewer may not create a silence
        given().cookie("fosfleet_session", viewer).header("X-Fosfleet-Console", "1").contentType(ContentType.JSON)
                .accept(ContentType.JSON).body(Map.of("comment", "x")).post("/console/silences").then()
                .statusCode(403).contentType(startsWith("application/problem+json"))
                .body("detail", org.hamcrest.Matchers.equalTo("your role (viewer) may not do this"));
        String notAllowed = given().cookie("fosfleet_session", viewer).header("X-Fosfleet-Console", "1")
                .accept(BROWSER).delete("/console/silences/s-1").then().statusCode(403)
                .contentType(startsWith("text/html")).extract().asString();
        assertThat(notAllowed).contains("<h1>Not allowed</h1>").contains("Your role (viewer) may not do this")
                .contains("Back to the fleet");
        // live stream: no session
        given().accept("text/event-stream").get("/console/stream").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("sign in first"));
        given().redirects().follow(false).accept(BROWSER).get("/console/stream").then().statusCode(303)
                .header("Location", endsWith("/console/login?expired=true"));
        // pages and alerts page: no session leads to sign-in
        for (String page : new String[] {"/console", "/console/pairs/x", "/console/alerts", "/console/nowhere"}) {
            given().redirects().follow(false).accept(BROWSER).get(page).then().statusCode(303)
                    .header("Location", endsWith("/console/login"));
        }
    }

    @Test
    void aFailedOverDeviceReadsFailedOverAndTheStateFilterFindsIt() {
        String deviceId = createDevice();
        createPair(deviceId);
        Instant seen = Instant.now();
        Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(DeviceId.of(deviceId), seen, "device-gateway", seen,
                true, false, Map.of("mode", "0", "scenario", "0", "wdog", "0")));
        String viewer = signIn("viewer");
        String row = "data-device=\"" + deviceId + "\"";
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(fleet(viewer, "FAILED_OVER")).contains(row));
        assertThat(fleet(viewer, "FAILED_OVER")).contains("value=\"FAILED_OVER\" selected")
                .contains("<span class=\"badge FAILED_OVER\">FAILED OVER</span>");
        assertThat(fleet(viewer, "PROBLEM")).contains(row);
        assertThat(fleet(viewer, "PRIMARY")).doesNotContain(row);
    }

    private static String fleet(String cookie, String state) {
        return given().cookie("fosfleet_session", cookie).get("/console?state=" + state).then().statusCode(200)
                .extract().asString();
    }

    private static String pairPage(String cookie, String pairId) {
        return given().cookie("fosfleet_session", cookie).get("/console/pairs/" + pairId).then().statusCode(200)
                .extract().asString();
    }
}
