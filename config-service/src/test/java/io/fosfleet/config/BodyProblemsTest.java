package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Fixtures.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * A body that cannot be read gets a problem that says what to fix: where the JSON is broken (line and column, the
 * input never repeated), or which Content-Type to send. Nothing changes.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class BodyProblemsTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI base;

    @Test
    void jsonBrokenInsideAnObjectSaysWhereWithoutRepeatingTheInput() {
        String deviceId = createDevice();
        operator().body("{\"type\": \"SET_KEY\",\n \"parameters\": {\"key\": \"hostname\", \"value\": s3cret}}")
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("not valid JSON at line 2, column"))
                .body("errors[0].field", equalTo("body"))
                .body(not(containsString("s3cret")));
        admin().body("{\"wdogitime\": \"12\",").put("/api/devices/" + deviceId + "/settings").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("not valid JSON at line 1, column"));
        admin().get("/api/devices/" + deviceId).then().body("settings.wdogitime", equalTo(null));
    }

    @Test
    void aMissingOrUnreadContentTypeIsToldWhichOneToSend() throws Exception {
        String deviceId = createDevice();
        // a raw request: RestAssured would add text/plain
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.resolve("/api/devices/" + deviceId + "/settings"))
                .header("Authorization", "Bearer " + Api.token("admin"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"wdogitime\": \"12\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(415);
        assertThat(bare.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
        assertThat(bare.body()).contains("\"detail\":\"the request has no Content-Type; send the body as"
                + " application/json\"").contains("\"field\":\"Content-Type\"");
        admin().contentType(ContentType.TEXT).body("{\"wdogitime\": \"12\"}")
                .put("/api/devices/" + deviceId + "/settings").then().statusCode(415).contentType(PROBLEM)
                .body("detail", containsString("Content-Type 'text/plain"))
                .body("detail", containsString("send the body as application/json"));
        admin().contentType(ContentType.JSON).body("{}").post("/api/import/etc-bnfos-conf").then().statusCode(415)
                .contentType(PROBLEM).body("detail", containsString("send the body as text/plain"));
        admin().get("/api/devices/" + deviceId).then().body("settings.wdogitime", equalTo(null));
    }
}
