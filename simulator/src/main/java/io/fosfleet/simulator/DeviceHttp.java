package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A device's web server: {@code /config.txt}, the {@code /?cmd=N&…} set requests, the web page, and Basic
 * authentication (user {@code admin}, the admin password) while password protection is on.
 */
final class DeviceHttp {

    static final String USER = "admin";
    static final String REALM = "Basic realm=\"berofos\"";

    private final DeviceModel model;
    private final SimulatedDevice device;
    private final Consumer<String> log;

    DeviceHttp(DeviceModel model, SimulatedDevice device, Consumer<String> log) {
        this.model = model;
        this.device = device;
        this.log = log;
    }

    void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) {
            reply(req, 405, "text/plain", "only GET\n");
            return;
        }
        if (model.passwordProtected() && !authorized(req.getHeader(HttpHeaders.AUTHORIZATION))) {
            req.response().putHeader("WWW-Authenticate", REALM);
            reply(req, 401, "text/html", "<html><body><h1>401 Unauthorized</h1></body></html>\n");
            return;
        }
        String path = req.path();
        if (path.equals("/config.txt")) {
            reply(req, 200, "text/plain", model.configTxt());
        } else if (path.equals("/") || path.equals("/index.html")) {
            Map<String, String> params = new LinkedHashMap<>();
            req.params().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
            if (params.isEmpty()) {
                reply(req, 200, "text/html", page(null));
            } else {
                set(req, params);
            }
        } else {
            reply(req, 404, "text/plain", "not found\n");
        }
    }

    private void set(HttpServerRequest req, Map<String, String> params) {
        Map<Key, String> changes;
        try {
            changes = SetRequest.parse(params);
        } catch (InvalidValueException e) {
            log.accept("set request from " + req.remoteAddress().hostAddress() + " refused: " + e.getMessage());
            reply(req, 400, "text/plain", e.getMessage() + "\n");
            return;
        }
        model.apply(changes);
        reply(req, 200, "text/html", page("saved"));
    }

    private String page(String notice) {
        return WebPage.render(device.status(), model.values(), notice);
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = credentials.indexOf(':');
        return colon > 0 && credentials.substring(0, colon).equals(USER)
                && model.adminPasswordIs(credentials.substring(colon + 1));
    }

    private static void reply(HttpServerRequest req, int status, String type, String body) {
        req.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, type + "; charset=utf-8")
                .end(body);
    }
}
