package io.fosfleet.config.console;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * A console session cookie that no longer verifies (expired, or signed by the key of an earlier run of the local
 * system) is dropped before authentication, so the wall screen lands on the sign-in page instead of a bare 401, and
 * the browser is told to forget it. Runs before Quarkus' authentication (priority 200).
 */
@ApplicationScoped
public class StaleSessionFilter {

    /** Set on the request when its session cookie was dropped: the sign-in page then says the session has ended. */
    static final String ENDED = "fosfleet.session-ended";

    private final JWTParser parser;

    public StaleSessionFilter(JWTParser parser) {
        this.parser = parser;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            // read the header itself: asking Vert.x for the cookie would cache it before it can be removed
            String header = rc.request().getHeader("Cookie");
            if (header != null && header.contains(ConsoleSession.COOKIE + "=")) {
                List<String> others = new ArrayList<>();
                String session = null;
                for (String part : header.split(";")) {
                    String p = part.strip();
                    if (p.startsWith(ConsoleSession.COOKIE + "=")) {
                        session = p.substring(ConsoleSession.COOKIE.length() + 1);
                    } else if (!p.isEmpty()) {
                        others.add(p);
                    }
                }
                if (session != null && !valid(session)) {
                    if (others.isEmpty()) {
                        rc.request().headers().remove("Cookie");
                    } else {
                        rc.request().headers().set("Cookie", String.join("; ", others));
                    }
                    rc.response().headers().add("Set-Cookie", ConsoleSession.cleared(rc.request()));
                    rc.put(ENDED, Boolean.TRUE);
                }
            }
            rc.next();
        }, 1000);
    }

    private boolean valid(String token) {
        try {
            parser.parse(token);
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }
}
