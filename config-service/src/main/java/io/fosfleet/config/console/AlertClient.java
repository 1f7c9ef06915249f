package io.fosfleet.config.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.config.ConfigServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Calls alert-service's REST API for the console with the signed-in user's own token, so alert-service applies its
 * own role checks. Every failure becomes an {@link Unavailable} with a message for the page, never a stack trace.
 */
@ApplicationScoped
public class AlertClient {

    /** alert-service did not answer, or answered with an error; the message says which, for the NOC. */
    public static class Unavailable extends Exception {
        private final int status;

        Unavailable(int status, String message) {
            super(message);
            this.status = status;
        }

        /** alert-service's HTTP status, or 0 when it did not answer at all. */
        public int status() {
            return status;
        }
    }

    /** An answer of alert-service passed on as it is: status and JSON body. */
    public record Answer(int status, String body) {
    }

    private final ConfigServiceConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public AlertClient(ConfigServiceConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.alertService().timeout()).build();
    }

    public String url() {
        return config.alertService().url();
    }

    public List<Map<String, Object>> alerts(String token) throws Unavailable {
        return list(call(token, "GET", "/api/alerts?limit=50", null));
    }

    public List<Map<String, Object>> silences(String token) throws Unavailable {
        return list(call(token, "GET", "/api/silences", null));
    }

    /** Creates a silence; alert-service's answer (201, or 400 with the field at fault) is passed on. */
    public Answer createSilence(String token, String body) throws Unavailable {
        return call(token, "POST", "/api/silences", body);
    }

    public Answer expireSilence(String token, String id) throws Unavailable {
        return call(token, "DELETE", "/api/silences/" + java.net.URLEncoder.encode(id,
                java.nio.charset.StandardCharsets.UTF_8), null);
    }

    private List<Map<String, Object>> list(Answer answer) throws Unavailable {
        if (answer.status() != 200) {
            throw new Unavailable(answer.status(), "alert-service answered " + answer.status());
        }
        try {
            return json.readValue(answer.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new Unavailable(answer.status(), "alert-service sent something that is not a list: " + e.getMessage());
        }
    }

    private Answer call(String token, String method, String path, String body) throws Unavailable {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(config.alertService().timeout())
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Unavailable(0, "alert-service at " + url() + " did not answer within "
                    + config.alertService().timeout().toSeconds() + " s");
        } catch (java.net.ConnectException e) {
            throw new Unavailable(0, "alert-service at " + url() + " is unreachable (connection refused)");
        } catch (IOException e) {
            throw new Unavailable(0, "alert-service at " + url() + " is unreachable ("
                    + (e.getMessage() == null ? "no answer" : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(0, "interrupted while calling alert-service");
        }
    }
}
