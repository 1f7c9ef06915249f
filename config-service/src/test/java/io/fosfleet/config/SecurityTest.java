package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.device;
import static io.fosfleet.config.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** REST authorization: no token 401, viewer reads, operator commands, admin changes inventory. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class SecurityTest {

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
