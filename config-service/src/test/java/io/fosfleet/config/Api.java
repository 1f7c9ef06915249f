package io.fosfleet.config;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** REST calls as the demo users, with tokens from the service's own demo token endpoint. */
public final class Api {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given().contentType(ContentType.JSON)
                .body(Map.of("username", u, "password", u))
                .post("/api/auth/token").then().statusCode(200).extract().path("accessToken"));
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(token(user)).contentType(ContentType.JSON);
    }

    public static RequestSpecification admin() {
        return as("admin");
    }

    public static RequestSpecification operator() {
        return as("operator");
    }

    public static RequestSpecification viewer() {
        return as("viewer");
    }
}
