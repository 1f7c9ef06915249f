package io.fosfleet.alert.rest;

import io.fosfleet.alert.support.Receivers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** A body that cannot be read is told what to fix: where the JSON is broken, or which Content-Type to send. */
@QuarkusTest
@WithTestResource(Receivers.class)
class ValidationProblemsTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI base;

    private static String token() {
        return Jwt.issuer("https://fosfleet.local/demo").audience("fosfleet").upn("operator")
                .groups(Set.of("operator")).expiresAt(Instant.now().plusSeconds(600)).sign();
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(token());
    }

    @Test
    void brokenJsonSaysWhereWithoutRepeatingTheInput() {
        operator().contentType(ContentType.JSON).body("{\"comment\": \"x\",\n \"createdBy\": s3cret}")
                .post("/api/silences").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("body: not valid JSON (line 2, column "))
                .body(not(containsString("s3cret")));
    }

    @Test
    void anUnreadContentTypeIsToldToSendJsonAndAMissingOneIsReadAsJson() throws Exception {
        // without a Content-Type the body is read as JSON (a raw request: RestAssured would add text/plain)
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/silences"))
                .header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\": \"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(400);
        assertThat(bare.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
        assertThat(bare.body()).contains("\"detail\":\"matchers: at least one is required");
        // a type the API does not read is told which one to send
        operator().contentType(ContentType.TEXT).body("{\"comment\": \"x\"}").post("/api/silences").then()
                .statusCode(415).contentType(PROBLEM)
                .body("detail", equalTo("Content-Type 'text/plain; charset=ISO-8859-1' is not read here; send the"
                        + " body as application/json"));
    }
}
