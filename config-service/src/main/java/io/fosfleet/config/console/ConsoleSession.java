package io.fosfleet.config.console;

import java.time.Duration;
import java.time.Instant;

/**
 * The console's session: the same JWT the API issues, kept in an HttpOnly, SameSite=Strict cookie (Secure when the
 * page was served over https), read by smallrye-jwt like a bearer token ({@code mp.jwt.token.cookie}).
 */
final class ConsoleSession {

    static final String COOKIE = "fosfleet_session";

    private ConsoleSession() {
    }

    static String cookie(String jwt, Instant expiresAt, boolean secure) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        return COOKIE + "=" + jwt + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
