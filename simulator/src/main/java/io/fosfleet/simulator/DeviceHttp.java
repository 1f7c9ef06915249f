package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.fosfleet.protocol.http.DigestAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A device's web server: {@code /config.txt}, the {@code /?cmd=N&…} set requests, the web page, and Basic or Digest
 * authentication (user {@code admin}, the admin password; {@link HttpAuth}) while password protection is on.
 */
final class DeviceHttp {

    static final String USER = "admin";
    static final String REALM = "Basic realm=\"berofos\"";
    static final String DIGEST_REALM = "berofos";
    /** How many Digest nonces a device remembers; an answer to an older one is challenged again. */
    static final int NONCES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<String> nonces = new LinkedHashSet<>();

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
        if (model.passwordProtected() && !authorized(req.getHeader(HttpHeaders.AUTHORIZATION), req.uri())) {
            req.response().putHeader("WWW-Authenticate", device.httpAuth() == HttpAuth.DIGEST
                    ? "Digest realm=\"" + DIGEST_REALM + "\", qop=\"auth\", algorithm=MD5, nonce=\"" + newNonce() + "\""
                    : REALM);
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

    /** A fresh nonce, remembered among the last {@link #NONCES} issued. */
    private String newNonce() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String nonce = HexFormat.of().formatHex(random);
        synchronized (nonces) {
            nonces.add(nonce);
            while (nonces.size() > NONCES) {
                nonces.remove(nonces.iterator().next());
            }
        }
        return nonce;
    }

    private boolean authorized(String header, String uri) {
        if (header != null && device.httpAuth() == HttpAuth.DIGEST) {
            return header.regionMatches(true, 0, "Digest ", 0, 7) && digestAuthorized(header.substring(7), uri);
        }
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

    /** An answer to one of our recent challenges, for this request's URI, computed from the admin password. */
    private boolean digestAuthorized(String params, String uri) {
        Map<String, String> p = DigestAuth.parseParams(params);
        String nonce = p.get("nonce");
        String algorithm = p.getOrDefault("algorithm", "MD5");
        String qop = p.get("qop");
        String given = p.get("response");
        boolean known;
        synchronized (nonces) {
            known = nonce != null && nonces.contains(nonce);
        }
        if (!known || given == null || !USER.equals(p.get("username")) || !DIGEST_REALM.equals(p.get("realm"))
                || !uri.equals(p.get("uri")) || !algorithm.equalsIgnoreCase("MD5")
                || !"auth".equals(qop)) {
            return false;
        }
        return model.adminPasswordPasses(password -> MessageDigest.isEqual(
                DigestAuth.response(algorithm, USER, DIGEST_REALM, password, "GET", uri, nonce, p.get("nc"),
                        p.get("cnonce"), qop).getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
    }

    private static void reply(HttpServerRequest req, int status, String type, String body) {
        req.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, type + "; charset=utf-8")
                .end(body);
    }
}
