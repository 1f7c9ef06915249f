package io.fosfleet.config.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Browser protections on every response, console pages and API alike: the console may only load its own scripts,
 * styles and connections (no inline script anywhere), may not be framed (clickjacking), types are not sniffed, and
 * no page address leaks to other sites in a Referer. Swagger UI is the exception for the script policy only: its
 * page configures itself with an inline script.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            var headers = rc.response().headers();
            if (!rc.normalizedPath().startsWith("/q/swagger-ui")) {
                headers.set("Content-Security-Policy", CSP);
            }
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            rc.next();
        }, 2000);
    }
}
