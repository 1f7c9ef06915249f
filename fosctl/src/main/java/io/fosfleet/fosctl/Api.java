package io.fosfleet.fosctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * config-service's REST API as fosctl uses it: JSON in and out, the bearer token in a header (never in a URL or a
 * message), and every refusal turned into an {@link Exit.Failure} with the problem's {@code detail} on one line.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final String token;
    private final HttpClient http;

    Api(URI server, String token, Path caFile) {
        this.server = server;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (caFile != null) {
            b.sslContext(sslContext(caFile));
        }
        this.http = b.build();
    }

    URI server() {
        return server;
    }

    /** GET {@code path} with the non-null query parameters. */
    JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + query(query), null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    /** The answer's JSON (null for an empty answer) or a {@link Exit.Failure} for anything but 2xx. */
    JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (body != null) {
                r.header("Content-Type", "application/json");
            }
        } catch (IOException e) {
            throw new Exit.Failure(Exit.USAGE, "cannot encode the request: " + e.getMessage());
        }
        HttpResponse<String> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within 10 s");
        } catch (HttpTimeoutException e) {
            throw new Exit.Failure(Exit.TIMEOUT, "config-service at " + server + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (SSLException e) {
            throw unreachable("TLS failed: " + e.getMessage() + " (is --ca-file the server's CA?)");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Exit.Failure(Exit.TIMEOUT, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            String text = response.body();
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new Exit.Failure(Exit.SERVER_ERROR, method + " " + path + " answered " + status
                        + " with something that is not JSON");
            }
        }
        throw failure(status, response.body(), method + " " + pathOnly(path));
    }

    private Exit.Failure unreachable(String why) {
        return new Exit.Failure(Exit.UNREACHABLE, "cannot reach config-service at " + server + ": " + why);
    }

    /** The exit code and message for a refused request, from the status and the problem+json body if there is one. */
    static Exit.Failure failure(int status, String body, String what) {
        String detail = detail(body);
        int code = switch (status) {
            case 401 -> Exit.UNAUTHENTICATED;
            case 403 -> Exit.FORBIDDEN;
            case 404 -> Exit.NOT_FOUND;
            case 400, 405, 409, 412, 413, 415, 422, 429 -> Exit.REFUSED;
            default -> status >= 500 ? Exit.SERVER_ERROR : Exit.REFUSED;
        };
        String text = detail != null ? detail : what + " answered " + status;
        if (status == 401) {
            text = "not signed in: " + text + " (sign in with fosctl login)";
        } else if (status == 403) {
            text = "forbidden: " + text;
        }
        return new Exit.Failure(code, text);
    }

    /** The problem's detail plus its field errors, on one line; null when the body is no problem. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode p;
        try {
            p = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (p == null || !p.isObject()) {
            return null;
        }
        String detail = p.hasNonNull("detail") ? p.get("detail").asText() : p.path("title").asText(null);
        if (detail == null) {
            return null;
        }
        StringJoiner errors = new StringJoiner("; ");
        for (JsonNode e : p.path("errors")) {
            StringBuilder one = new StringBuilder(e.path("field").asText("?")).append(": ")
                    .append(e.path("problem").asText(""));
            if (e.hasNonNull("allowed")) {
                one.append(" (").append(e.get("allowed").asText()).append(')');
            }
            errors.add(one);
        }
        return Exit.oneLine(errors.length() == 0 ? detail : detail + ": " + errors);
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        if (query != null) {
            query.forEach((k, v) -> {
                if (v != null) {
                    q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            });
        }
        return q.toString();
    }

    /** An SSL context trusting exactly the certificates of the PEM file (for a private CA). */
    static SSLContext sslContext(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new Exit.Failure(Exit.USAGE, "--ca-file " + caFile + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new Exit.Failure(Exit.USAGE, "--ca-file " + caFile + " cannot be read: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new Exit.Failure(Exit.USAGE, "--ca-file " + caFile + " is not a PEM certificate file: "
                    + e.getMessage());
        }
    }
}
