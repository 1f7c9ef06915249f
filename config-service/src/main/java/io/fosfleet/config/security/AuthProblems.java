package io.fosfleet.config.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.config.problem.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * 401 and 403 as problem+json with the reason, so a client knows whether to sign in again, fix its clock or ask for
 * another role. A 401 also carries {@code WWW-Authenticate: Bearer error="invalid_token", error_description="…"} with
 * one of the short reasons below; a 403 carries {@code error="insufficient_scope"} with the roles needed. Refused sign-ins (429) are answered here too. The format is described in the module
 * README ("Errors of authentication"); alert-service and heartbeat-service answer the same way.
 */
@ApplicationScoped
public class AuthProblems {

    public static final String MISSING = "missing token";
    public static final String EXPIRED = "token expired";
    public static final String BAD_SIGNATURE = "bad signature";
    public static final String WRONG_AUDIENCE = "wrong audience";
    public static final String WRONG_ISSUER = "wrong issuer";
    public static final String NOT_YET_VALID = "token not yet valid";
    public static final String TOKEN_REVOKED = "token revoked";
    public static final String MALFORMED = "malformed or unverifiable token";

    private final ObjectMapper json;

    public AuthProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A token that fails verification is refused by Quarkus before any resource runs (proactive authentication);
     * this failure handler answers it instead of the bare 401.
     */
    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void failed(RoutingContext rc) {
        if (!(rc.failure() instanceof AuthenticationFailedException) || rc.response().ended()) {
            rc.next();
            return;
        }
        Response r = unauthorized(reason(rc.failure()), rc.normalizedPath());
        rc.response().setStatusCode(r.getStatus());
        r.getStringHeaders().forEach((name, values) -> rc.response().putHeader(name, values));
        try {
            rc.response().end(json.writeValueAsString(r.getEntity()));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(reason(e), uri.getPath());
    }

    /** A resource that needs a role, called without a token. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(MISSING, uri.getPath());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        List<String> roles = requiredRoles(resource);
        String detail = roles.isEmpty() ? "your token's roles do not allow this"
                : "this needs the role " + String.join(" or ", roles) + "; your token does not have it";
        return problem(403, "Forbidden", detail, uri.getPath())
                .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", error_description=\"" + detail + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response throttled(SignIn.Throttled e, UriInfo uri) {
        return problem(429, "Too Many Requests", e.getMessage(), uri.getPath())
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** The short reason a token was refused, from the verification's failure. */
    public static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (TOKEN_REVOKED.equals(t.getMessage())) {
                return TOKEN_REVOKED;
            }
            if (t instanceof InvalidJwtException invalid) {
                return reason(invalid);
            }
        }
        return MALFORMED;
    }

    private static String reason(InvalidJwtException invalid) {
        for (ErrorCodeValidator.Error error : invalid.getErrorDetails()) {
            switch (error.getErrorCode()) {
                case ErrorCodes.EXPIRED:
                    return EXPIRED;
                case ErrorCodes.SIGNATURE_INVALID:
                case ErrorCodes.SIGNATURE_MISSING:
                    return BAD_SIGNATURE;
                case ErrorCodes.AUDIENCE_INVALID:
                case ErrorCodes.AUDIENCE_MISSING:
                    return WRONG_AUDIENCE;
                case ErrorCodes.ISSUER_INVALID:
                case ErrorCodes.ISSUER_MISSING:
                    return WRONG_ISSUER;
                case ErrorCodes.NOT_YET_VALID:
                    return NOT_YET_VALID;
                default:
                    break;
            }
        }
        return MALFORMED;
    }

    private static Response unauthorized(String reason, String path) {
        return problem(401, "Unauthorized", "bearer token refused: " + reason, path)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"")
                .build();
    }

    private static Response.ResponseBuilder problem(int status, String title, String detail, String path) {
        return Response.status(status).type(ProblemMappers.PROBLEM_JSON)
                .entity(new ProblemMappers.Problem("about:blank", title, status, detail, path, List.of()));
    }

    private static List<String> requiredRoles(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return List.of();
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? List.of() : List.of(allowed.value());
    }
}
