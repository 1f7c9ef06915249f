package io.fosfleet.config.console;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/**
 * The console's session: the same JWT the API issues, kept in an HttpOnly, SameSite=Strict cookie read by
 * smallrye-jwt like a bearer token ({@code mp.jwt.token.cookie}). The cookie is always Secure, except when the page
 * was asked for over plain http at a loopback address (127.0.0.0/8, ::1): a browser on the same machine (the local
 * demo) would not send a Secure cookie back to http://127.0.0.1, while no one else can reach that address.
 */
public final class ConsoleSession {

    static final String COOKIE = "fosfleet_session";

    private ConsoleSession() {
    }

    static String cookie(String jwt, Instant expiresAt, HttpServerRequest request) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        return COOKIE + "=" + jwt + "; Path=/; Max-Age=" + maxAge + attributes(request);
    }

    static String cleared(HttpServerRequest request) {
        return COOKIE + "=; Path=/; Max-Age=0" + attributes(request);
    }

    private static String attributes(HttpServerRequest request) {
        // https (also behind a proxy that says so) only ever adds Secure; plain http drops it on loopback alone
        boolean secure = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))
                || secure(request.localAddress() == null ? null : request.localAddress().hostAddress());
        return "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Whether a request that came to this local address gets a Secure cookie: unless the address is loopback. */
    public static boolean secure(String localAddress) {
        if (localAddress == null || localAddress.isBlank()) {
            return true;
        }
        try {
            // an address literal (what the connection reports) is parsed, never looked up
            return !InetAddress.getByName(localAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
