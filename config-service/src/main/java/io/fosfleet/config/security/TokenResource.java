package io.fosfleet.config.security;

import io.fosfleet.config.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Issues tokens for the demo users of the embedded setup ({@link TokenIssuer}, throttled by {@link SignIn}); answers
 * 404 when {@code fosfleet.config.auth.demo-users=false}. Sign-out revokes the caller's token on every replica.
 */
@Path("/api/auth")
public class TokenResource {

    public record Login(String username, String password) {
    }

    public record Token(String accessToken, String tokenType, Instant expiresAt, List<String> roles) {
    }

    private final SignIn signIn;
    private final Revocations revocations;
    private final JsonWebToken jwt;

    public TokenResource(SignIn signIn, Revocations revocations, JsonWebToken jwt) {
        this.signIn = signIn;
        this.revocations = revocations;
        this.jwt = jwt;
    }

    @POST
    @Path("/token")
    @PermitAll
    @Operation(summary = "Token for a demo user (local demo only)")
    public Token issue(Login login, @Context HttpServerRequest request) {
        TokenIssuer.Issued t = signIn.signIn(login == null ? null : login.username(),
                login == null ? null : login.password(), request);
        return new Token(t.jwt(), "Bearer", t.expiresAt(), t.roles());
    }

    @POST
    @Path("/logout")
    @Authenticated
    @Operation(summary = "Revoke the caller's token until it expires (every replica refuses it from now on)")
    public Response logout() {
        if (!revocations.revoke(jwt)) {
            throw new ProblemException(409, "Conflict", "this token has no id (jti), so it cannot be revoked; it stays "
                    + "valid until it expires", List.of());
        }
        return Response.noContent().build();
    }
}
