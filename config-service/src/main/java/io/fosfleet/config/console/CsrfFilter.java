package io.fosfleet.config.console;

import io.fosfleet.config.problem.FieldProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Cross-site request forgery guard for the console's session cookie. The cookie is SameSite=Strict already; on top of
 * that a state-changing request that is authenticated by the cookie (not by an Authorization header) must carry the
 * console's own header, which a form or a plain link on another site cannot send, and an Origin, when the browser
 * sends one, must be this service's own. The sign-in form is exempt from the header (it has no session yet) but not
 * from the Origin check.
 */
public class CsrfFilter {

    /** The header the console's scripts send with every state-changing request. */
    public static final String HEADER = "X-Fosfleet-Console";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** A browser's own form post (no script) is answered with a page, not JSON. */
    @Inject
    ConsoleSupport support;

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        String origin = request.getHeaderString("Origin");
        String host = request.getHeaderString(HttpHeaders.HOST);
        boolean login = request.getUriInfo().getPath().equals("/console/login");
        boolean cookie = request.getCookies().containsKey(ConsoleSession.COOKIE);
        if (!cookie && !login) {
            return null;
        }
        if (origin != null && !"null".equals(origin) && host != null && !origin.replaceFirst("^https?://", "")
                .equalsIgnoreCase(host)) {
            return refuse(request, "Origin " + origin + " is not this service (" + host + ")");
        }
        if (login || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        if (!"1".equals(request.getHeaderString(HEADER))) {
            return refuse(request, "a request signed in by the console's cookie must carry the header " + HEADER
                    + ": 1 (the console's pages send it; other sites cannot)");
        }
        return null;
    }

    private Response refuse(ContainerRequestContext request, String why) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains(MediaType.TEXT_HTML)) {
            return support.errorPage(403, "Request refused", "This request was refused and nothing was changed: it "
                    + "did not come from the console's own page (cross-site request protection: " + why + "). Go back "
                    + "to the console and try again from there.", null, null, "/console", "Back to the console");
        }
        return Response.status(403).type("application/problem+json").entity(Map.of("type", "about:blank",
                "title", "Forbidden", "status", 403, "detail", "cross-site request refused: " + why,
                "errors", List.<FieldProblem>of())).build();
    }
}
