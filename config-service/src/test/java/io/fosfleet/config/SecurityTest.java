package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.device;
import static io.fosfleet.config.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** REST authorization: no token 401, viewer reads, operator commands, admin changes inventory. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class SecurityTest {

    @Inject
    JWTParser jwt;

    @Test
    void onlyAnAdminIssuesANodeItsHeartbeatTokenWhichVouchesForThatNodeOnly() throws Exception {
        String node = Fixtures.createNode("10.0.9.1");
        given().post("/api/nodes/" + node + "/token").then().statusCode(401);
        viewer().post("/api/nodes/" + node + "/token").then().statusCode(403);
        operator().post("/api/nodes/" + node + "/token").then().statusCode(403);
        admin().post("/api/nodes/nobody/token").then().statusCode(404);

        Instant before = Instant.now();
        ExtractableResponse<Response> issued = admin().post("/api/nodes/" + node + "/token").then().statusCode(200)
                .body("node", equalTo(node)).body("tokenType", equalTo("Bearer")).extract();
        String token = issued.path("token");
        Instant expiresAt = Instant.parse(issued.path("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(90)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(90)).plusSeconds(1));

        // What heartbeat-service checks: signed by the issuer, subject = node, role node, audience fosfleet.
        JsonWebToken claims = jwt.parse(token);
        assertThat(claims.getSubject()).isEqualTo(node);
        assertThat(claims.getGroups()).containsExactly("node");
        assertThat(claims.getAudience()).containsExactly("fosfleet");
        assertThat(claims.getIssuer()).isEqualTo("https://fosfleet.local/demo");
        assertThat(claims.getExpirationTime()).isEqualTo(expiresAt.getEpochSecond());
        // It grants nothing at this API.
        given().auth().oauth2(token).get("/api/devices").then().statusCode(403);

        // Audited, without the token.
        String audit = viewer().get("/api/audit?targetId=" + node + "&action=NODE_TOKEN_ISSUED").then().statusCode(200)
                .body("[0].actor", equalTo("admin")).body("[0].targetType", equalTo("NODE")).extract().asString();
        assertThat(audit).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void withoutATokenEverythingButTheDemoTokenEndpointIs401() {
        given().get("/api/devices").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("type", "KICK")).post("/api/devices/x/commands").then()
                .statusCode(401);
        given().auth().oauth2("not.a.jwt").get("/api/devices").then().statusCode(401);
    }

    @Test
    void viewerReadsButSendsNoCommandAndChangesNothing() {
        String deviceId = createDevice();
        viewer().get("/api/devices/" + deviceId).then().statusCode(200);
        viewer().body(Map.of("type", "KICK")).post("/api/devices/" + deviceId + "/commands").then().statusCode(403);
        viewer().body(device(unique("fos"))).post("/api/devices").then().statusCode(403);
    }

    @Test
    void operatorCommandsButDoesNotChangeInventory() {
        String deviceId = createDevice();
        operator().body(Map.of("type", "KICK")).post("/api/devices/" + deviceId + "/commands").then().statusCode(202);
        operator().body(device(unique("fos"))).post("/api/devices").then().statusCode(403);
        operator().delete("/api/devices/" + deviceId).then().statusCode(403);
        admin().body(Map.of("type", "KICK")).post("/api/devices/" + deviceId + "/commands").then().statusCode(202);
    }

    @Test
    void demoTokensNeedTheDemoPassword() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "guess"))
                .post("/api/auth/token").then().statusCode(401);
    }

    @Test
    void noResponseCarriesAPassword() {
        String deviceId = createDevice();
        admin().get("/api/devices/" + deviceId).then().statusCode(200).body(not(containsString("password")));
    }
}
