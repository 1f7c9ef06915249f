package io.fosfleet.config.security;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Issues tokens for the demo users of the embedded setup ({@link TokenIssuer}); answers 404 when
 * {@code fosfleet.config.auth.demo-users=false}.
 */
@Path("/api/auth/token")
@PermitAll
public class TokenResource {

    public record Login(String username, String password) {
    }

    public record Token(String accessToken, String tokenType, Instant expiresAt, List<String> roles) {
    }

    private final TokenIssuer issuer;

    public TokenResource(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @POST
    @Operation(summary = "Token for a demo user (local demo only)")
    public Token issue(Login login) {
        TokenIssuer.Issued t = issuer.issue(login == null ? null : login.username(),
                login == null ? null : login.password());
        return new Token(t.jwt(), "Bearer", t.expiresAt(), t.roles());
    }
}
