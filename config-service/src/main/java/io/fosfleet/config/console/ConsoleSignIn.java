package io.fosfleet.config.console;

import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.security.Revocations;
import io.fosfleet.config.security.SignIn;
import io.fosfleet.config.security.TokenIssuer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's sign-in and sign-out: {@code /console/login} (the form, and its post, which issues the same JWT as
 * {@code POST /api/auth/token} in the session cookie, throttled like it) and {@code /console/logout} (revokes the
 * session's token on every replica and clears the cookie). See {@link ConsoleSession} for the cookie.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleSignIn {

    private final ConsoleSupport support;
    private final TokenIssuer tokens;
    private final SignIn signIn;
    private final Revocations revocations;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    @Location("console/login.html")
    Template loginPage;

    public ConsoleSignIn(ConsoleSupport support, TokenIssuer tokens, SignIn signIn, Revocations revocations,
                         SecurityIdentity identity, JsonWebToken jwt) {
        this.support = support;
        this.tokens = tokens;
        this.signIn = signIn;
        this.revocations = revocations;
        this.identity = identity;
        this.jwt = jwt;
    }

    @GET
    @Path("/login")
    @PermitAll
    public TemplateInstance login(@QueryParam("signedOut") boolean signedOut, @QueryParam("expired") boolean expired) {
        return loginPage.data("error", null).data("signedOut", signedOut).data("expired", expired && !signedOut)
                .data("demoUsers", tokens.enabled()).data("user", null);
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password,
                           @Context HttpServerRequest request) {
        TokenIssuer.Issued issued;
        try {
            issued = signIn.signIn(username, password, request);
        } catch (SignIn.Throttled e) {
            return Response.status(429).header("Retry-After", e.retryAfterSeconds()).entity(loginPage
                    .data("error", "Too many failed sign-ins. Try again in " + e.retryAfterSeconds() + " seconds.")
                    .data("signedOut", false).data("expired", false).data("demoUsers", true).data("user", null))
                    .build();
        } catch (ProblemException e) {
            String error = tokens.enabled() ? "Wrong user name or password." : "Sign-in with a password is off on "
                    + "this installation: use your organisation's identity provider.";
            return Response.status(tokens.enabled() ? 401 : 404).entity(loginPage.data("error", error)
                    .data("signedOut", false).data("expired", false).data("demoUsers", tokens.enabled())
                    .data("user", null)).build();
        }
        return Response.seeOther(URI.create("/console"))
                .header("Set-Cookie", ConsoleSession.cookie(issued.jwt(), issued.expiresAt(), request)).build();
    }

    /** Signs out: the session's token is revoked (on every replica, until it expires) and the cookie cleared. */
    @POST
    @Path("/logout")
    @PermitAll
    public Response signOut(@Context HttpServerRequest request) {
        if (!identity.isAnonymous()) {
            revocations.revoke(jwt);
        }
        return Response.seeOther(URI.create("/console/login?signedOut=true"))
                .header("Set-Cookie", ConsoleSession.cleared(request)).build();
    }

    /** See {@link ConsoleSupport#unexpected}. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return support.unexpected(e, headers, uri);
    }
}
