package io.fosfleet.config.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.ProblemMappers;
import io.fosfleet.config.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What every console resource ({@link ConsoleSignIn}, {@link ConsolePages}, {@link ConsoleAlerts},
 * {@link ConsoleStream}) shares: who is signed in and in which role, the way to the sign-in page, and the error page
 * (the layout, what happened in words, a way back) or, for the console's scripts, problem+json.
 */
@ApplicationScoped
public class ConsoleSupport {

    /** The signed-in user as the pages show it. */
    public record User(String name, String role, boolean canControl) {
    }

    private static final Logger LOG = Logger.getLogger(ConsoleSupport.class);

    private final SecurityIdentity identity;
    private final ObjectMapper json;

    @Inject
    @Location("console/error.html")
    Template errorPage;

    public ConsoleSupport(SecurityIdentity identity, ObjectMapper json) {
        this.identity = identity;
        this.json = json;
    }

    /** Whether no one is signed in on this request. */
    boolean anonymous() {
        return identity.isAnonymous();
    }

    /** The signed-in user and their strongest role. */
    User user() {
        String role = identity.hasRole(Roles.ADMIN) ? Roles.ADMIN : identity.hasRole(Roles.OPERATOR) ? Roles.OPERATOR
                : Roles.VIEWER;
        return new User(identity.getPrincipal().getName(), role, !Roles.VIEWER.equals(role));
    }

    /** To the sign-in page; it says so when the browser came with a session that has ended. */
    static Response toLogin(RoutingContext rc) {
        boolean ended = rc != null && Boolean.TRUE.equals(rc.get(StaleSessionFilter.ENDED));
        return Response.seeOther(URI.create(ended ? "/console/login?expired=true" : "/console/login")).build();
    }

    /**
     * What goes wrong under a console page: a page for a browser (signed out: to sign-in; refused: why; anything
     * unforeseen: a reference under which the cause is logged), the API's problem+json for the console's scripts.
     * Each console resource hands its exceptions here from its own {@code @ServerExceptionMapper}, so the API's
     * resources keep their own mapping.
     */
    Response unexpected(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        if (e instanceof ProblemException p) {
            return new ProblemMappers().problem(p, uri);
        }
        if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
            return wantsPage(headers) ? Response.seeOther(URI.create("/console/login?expired=true")).build()
                    : problem(401, "Unauthorized", "sign in first: the console session has ended or is missing");
        }
        if (e instanceof ForbiddenException) {
            return wantsPage(headers) ? error(403, "Not allowed", "Your role (" + user().role() + ") may not do "
                    + "this. Sign in as a user with the right role, or ask an administrator.", null)
                    : problem(403, "Forbidden", "your role (" + user().role() + ") may not do this");
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int status = w.getResponse().getStatus();
            if (!wantsPage(headers)) {
                return problem(status, w.getResponse().getStatusInfo().getReasonPhrase(), w.getMessage());
            }
            return status == 403
                    ? error(403, "Not allowed", "Your role may not open this. Sign in as a user with the right "
                            + "role, or ask an administrator.", null)
                    : error(status, w.getResponse().getStatusInfo().getReasonPhrase(), "The console could not "
                            + "answer this request (HTTP " + status + ").", null);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "console: unexpected error, reference %s", reference);
        if (!wantsPage(headers)) {
            return problem(500, "Internal Server Error", "unexpected error; reference " + reference
                    + " in config-service's log");
        }
        return error(500, "Something went wrong", "The console could not show this page because of an error in "
                + "config-service. Nothing was changed. Try again; if it keeps happening, give this reference to "
                + "whoever runs fosfleet.", reference);
    }

    /** An error page: status, a heading, what happened in words, and a way back to the fleet (or to sign-in). */
    Response error(int status, String heading, String what, String reference) {
        User who = identity.isAnonymous() ? null : user();
        return errorPage(status, heading, what, reference, who, who == null ? "/console/login" : "/console",
                who == null ? "Sign in" : "Back to the fleet");
    }

    /** The error page with an explicit way back (the cross-site guard runs before anyone is known). */
    Response errorPage(int status, String heading, String what, String reference, User who, String backUrl,
                       String backText) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(errorPage.data("status", status).data("heading", heading).data("what", what)
                        .data("reference", reference).data("user", who).data("page", "error")
                        .data("backUrl", backUrl).data("backText", backText).render())
                .build();
    }

    private static boolean wantsPage(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.TEXT_HTML_TYPE)
                && !t.isWildcardType());
    }

    /** A problem+json answer for the console's scripts. */
    static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json").entity(Map.of("type", "about:blank",
                "title", title, "status", status, "detail", detail)).build();
    }

    /** What came in the address, quoted: at most 100 characters, control characters escaped (one safe line). */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("“");
        text.codePoints().limit(100).forEach(c -> out.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append(text.codePointCount(0, text.length()) > 100 ? "…”" : "”").toString();
    }

    /** A value as JSON text (for the live stream and the alert-service proxy). */
    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
