package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.device;
import static io.fosfleet.config.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sign-in as an attacker would try it, against the test boot (whose profile slows after 5 failures by 5 s and locks
 * out at 7): wrong passwords per source and per user, tokens that are expired, forged, for another audience or
 * issuer, or signed out, a viewer forcing an admin's request, and the headers a browser relies on. Source addresses
 * are played through X-Forwarded-For, which the test profile trusts from loopback only.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class SignInAbuseTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The same words for a known and an unknown user, so the answer does not tell whether a user exists. */
    private static final String SLOWED = "too many failed sign-ins for this user or from this address; try again in "
            + "[1-5] s";

    private static Response token(String source, String user, String password) {
        return given().header("X-Forwarded-For", source).contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", password)).post("/api/auth/token");
    }

    private static void wrongPasswords(String source, String user, int times) {
        for (int i = 0; i < times; i++) {
            token(source, user, "guess-" + i).then().statusCode(401);
        }
    }

    @Test
    void aSourceThatFailedTooOftenIsSlowedEvenWithTheRightPassword() {
        String source = "203.0.113.10";
        for (int i = 0; i < 5; i++) {
            wrongPasswords(source, unique("nobody"), 1);   // a new user each time: only the source adds up
        }
        token(source, "operator", "operator").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-5]")).body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests")).body("detail", matchesPattern(SLOWED));
        // the console's form shares the throttle
        given().header("X-Forwarded-For", source).contentType(ContentType.URLENC).formParam("username", "operator")
                .formParam("password", "operator").post("/console/login").then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-5]")).body(containsString("Too many failed sign-ins"));
        token("203.0.113.11", "operator", "operator").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fosfleet_signin_failures_total{reason=\"bad_credentials\"}"))
                .body(containsString("fosfleet_signin_throttled_total"));
    }

    @Test
    void aUserGuessedFromManySourcesIsSlowedUntilItsNextSuccess() {
        for (int i = 0; i < 5; i++) {
            wrongPasswords("198.51.100." + i, "viewer", 1);   // a new source each time: only the user adds up
        }
        token("198.51.100.50", "viewer", "viewer").then().statusCode(429).header("Retry-After", matchesPattern("[1-5]"))
                .body("detail", matchesPattern(SLOWED));
        // the console's form says the same for the same user
        given().header("X-Forwarded-For", "198.51.100.51").contentType(ContentType.URLENC)
                .formParam("username", "viewer").formParam("password", "viewer").post("/console/login").then()
                .statusCode(429);
        // after the wait the right password works and clears the user's failures: the next wrong one is not slowed
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> token("198.51.100.52", "viewer", "viewer").statusCode() == 200);
        token("198.51.100.53", "viewer", "wrong").then().statusCode(401);
        token("198.51.100.54", "viewer", "viewer").then().statusCode(200);
    }

    @Test
    void anUnknownUserIsSlowedExactlyLikeAKnownOne() {
        String user = unique("ghost");
        for (int i = 0; i < 5; i++) {
            wrongPasswords("192.0.2." + i, user, 1);
        }
        token("192.0.2.100", user, user).then().statusCode(429).header("Retry-After", matchesPattern("[1-5]"))
                .body("detail", matchesPattern(SLOWED));
    }

    @Test
    void aLockoutIsAuditedOnceWithoutThePassword() {
        String source = "203.0.113.20";
        String user = unique("mallory");
        wrongPasswords(source, user, 5);
        // the 6th and 7th failures each after the wait; the 7th locks the user and the source out
        for (int n = 6; n <= 7; n++) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> token(source, user, "secret-password").statusCode() == 401);
        }
        Response locked = token(source, user, user);
        locked.then().statusCode(429);
        assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isGreaterThan(60);
        admin().queryParam("action", "SIGNIN_LOCKOUT").queryParam("targetId", source).get("/api/audit").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].targetType", equalTo("SOURCE"))
                .body("[0].detail", containsString(user)).body(not(containsString("secret-password")));
        admin().queryParam("action", "SIGNIN_LOCKOUT").queryParam("targetId", user).get("/api/audit").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].targetType", equalTo("USER"));
    }

    // ---- 401 and 403 with reasons -----------------------------------------------------------------------------

    private static void refused(Response r, String reason) {
        r.then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\", error_description=\"" + reason
                        + "\""))
                .body("type", equalTo("about:blank")).body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401)).body("detail", containsString(reason))
                .body(not(containsString("Exception")));
    }

    private static JwtClaimsBuilder claims(String issuer, String audience, Instant expiresAt) {
        return Jwt.issuer(issuer).audience(audience).upn("admin").groups(Set.of("admin")).expiresAt(expiresAt);
    }

    private static final String ISSUER = "https://fosfleet.local/demo";

    @Test
    void everyRefusedTokenSaysWhy() throws NoSuchAlgorithmException {
        refused(given().get("/api/devices"), "missing token");
        refused(given().auth().oauth2(claims(ISSUER, "fosfleet", Instant.now().minusSeconds(600)).sign())
                .get("/api/devices"), "token expired");
        refused(given().auth().oauth2(claims(ISSUER, "fosfleet", Instant.now().plusSeconds(600))
                .sign(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate())).get("/api/devices"),
                "bad signature");
        refused(given().auth().oauth2(claims(ISSUER, "another-app", Instant.now().plusSeconds(600)).sign())
                .get("/api/devices"), "wrong audience");
        refused(given().auth().oauth2(claims("https://elsewhere.example", "fosfleet", Instant.now().plusSeconds(600))
                .sign()).get("/api/devices"), "wrong issuer");
        refused(given().auth().oauth2("not.a.jwt").get("/api/devices"), "malformed or unverifiable token");
        // a token for fosfleet from the same issuer is accepted
        given().auth().oauth2(claims(ISSUER, "fosfleet", Instant.now().plusSeconds(600)).sign()).get("/api/devices")
                .then().statusCode(200);
    }

    @Test
    void aForbiddenRequestNamesTheRoleItNeeds() {
        viewer().body(device(unique("fos"))).post("/api/devices").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403))
                .body("title", equalTo("Forbidden")).body("detail", containsString("admin"))
                .body("detail", not(containsString("operator")))
                .header("WWW-Authenticate", equalTo("Bearer error=\"insufficient_scope\", error_description=\""
                        + "this needs the role admin; your token does not have it\""));
        viewer().body(Map.of("type", "KICK")).post("/api/devices/x/commands").then().statusCode(403)
                .body("detail", containsString("operator or admin"));
    }

    // ---- sign-out revokes -------------------------------------------------------------------------------------

    @Test
    void aSignedOutApiTokenIsRefused() {
        String token = token("127.0.0.1", "operator", "operator").then().statusCode(200).extract()
                .path("accessToken");
        given().auth().oauth2(token).get("/api/fleet").then().statusCode(200);
        given().auth().oauth2(token).post("/api/auth/logout").then().statusCode(204);
        refused(given().auth().oauth2(token).get("/api/fleet"), "token revoked");
        refused(given().auth().oauth2(token).post("/api/auth/logout"), "token revoked");
    }

    @Test
    void aSignedOutConsoleSessionIsRefusedEvenIfTheCookieWasKept() {
        Response signIn = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", "viewer").formParam("password", "viewer").post("/console/login");
        signIn.then().statusCode(303);
        String cookie = signIn.getCookie("fosfleet_session");
        given().redirects().follow(false).cookie("fosfleet_session", cookie).header("X-Fosfleet-Console", "1")
                .post("/console/logout").then().statusCode(303).header("Set-Cookie", containsString("Max-Age=0"));
        refused(given().cookie("fosfleet_session", cookie).get("/api/fleet"), "token revoked");
        refused(given().auth().oauth2(cookie).get("/api/fleet"), "token revoked");
    }

    // ---- browser protections ----------------------------------------------------------------------------------

    private static void protectedResponse(Response r) {
        r.then().header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY")).header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }

    @Test
    void consolePagesAndApiAnswersCarryTheBrowserProtections() {
        protectedResponse(given().get("/console/login").then().statusCode(200).extract().response());
        protectedResponse(given().get("/console/console.js").then().statusCode(200).extract().response());
        protectedResponse(admin().get("/api/devices").then().statusCode(200).extract().response());
        protectedResponse(given().get("/api/devices").then().statusCode(401).extract().response());
        // the console's pages run no inline script, which the policy would block
        given().get("/console/login").then().body(not(containsString("<script>")))
                .body(not(containsString("onclick=")));
    }
}
