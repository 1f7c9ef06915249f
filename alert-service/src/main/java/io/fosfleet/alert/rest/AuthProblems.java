package io.fosfleet.alert.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * 401 and 403 as problem+json with the reason, in the same format as config-service (see its README, "Errors of
 * authentication"): a 401 carries {@code WWW-Authenticate: Bearer error="invalid_token", error_description="…"} with
 * the short reason; a 403 names the role the request needs.
 */
@ApplicationScoped
public class AuthProblems {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** The problem document (RFC 7807). */
    public record Problem(String type, String title, int status, String detail, String instance) {
    }

    private final ObjectMapper json;

    public AuthProblems(ObjectMapper json) {
        this.json = json;
    }

    /** A token that fails verification is refused before any resource runs; answer it here, not with a bare 401. */
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

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized("missing token", uri.getPath());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        List<String> roles = requiredRoles(resource);
        String detail = roles.isEmpty() ? "your token's roles do not allow this"
                : "this needs the role " + String.join(" or ", roles) + "; your token does not have it";
        return Response.status(403).type(PROBLEM_JSON).entity(new Problem("about:blank", "Forbidden", 403, detail,
                uri.getPath())).build();
    }

    /** The short reason a token was refused, from the verification's failure. */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid) {
                for (ErrorCodeValidator.Error error : invalid.getErrorDetails()) {
                    switch (error.getErrorCode()) {
                        case ErrorCodes.EXPIRED:
                            return "token expired";
                        case ErrorCodes.SIGNATURE_INVALID:
                        case ErrorCodes.SIGNATURE_MISSING:
                            return "bad signature";
                        case ErrorCodes.AUDIENCE_INVALID:
                        case ErrorCodes.AUDIENCE_MISSING:
                            return "wrong audience";
                        case ErrorCodes.ISSUER_INVALID:
                        case ErrorCodes.ISSUER_MISSING:
                            return "wrong issuer";
                        case ErrorCodes.NOT_YET_VALID:
                            return "token not yet valid";
                        default:
                            break;
                    }
                }
            }
        }
        return "malformed or unverifiable token";
    }

    private static Response unauthorized(String reason, String path) {
        return Response.status(401).type(PROBLEM_JSON)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"")
                .entity(new Problem("about:blank", "Unauthorized", 401, "bearer token refused: " + reason, path))
                .build();
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
