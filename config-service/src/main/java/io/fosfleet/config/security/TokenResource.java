package io.fosfleet.config.security;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.problem.ProblemException;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Issues tokens for the three documented demo users of the embedded setup (viewer/viewer, operator/operator,
 * admin/admin), signed with the public demo key; answers 404 when {@code fosfleet.config.auth.demo-users=false}.
 */
@Path("/api/auth/token")
@PermitAll
public class TokenResource {

    /** Each demo user has the role of its name; the password is the name too. */
    private static final Map<String, String> DEMO_USERS = Map.of(
            "viewer", Roles.VIEWER, "operator", Roles.OPERATOR, "admin", Roles.ADMIN);

    public record Login(String username, String password) {
    }

    public record Token(String accessToken, String tokenType, Instant expiresAt, List<String> roles) {
    }

    private final ConfigServiceConfig config;
    private final String issuer;

    public TokenResource(ConfigServiceConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    @POST
    @Operation(summary = "Token for a demo user (local demo only)")
    public Token issue(Login login) {
        if (!config.auth().demoUsers()) {
            throw ProblemException.notFound("endpoint", "/api/auth/token");
        }
        String role = login == null ? null : DEMO_USERS.get(login.username());
        if (role == null || !login.username().equals(login.password())) {
            throw new ProblemException(401, "Unauthorized", "unknown demo user or wrong password; demo users are "
                    + "viewer, operator and admin, each with its name as password", List.of());
        }
        Instant expiresAt = Instant.now().plus(config.auth().tokenLifetime());
        String jwt = Jwt.issuer(issuer).upn(login.username()).groups(Set.of(role)).expiresAt(expiresAt).sign();
        return new Token(jwt, "Bearer", expiresAt, List.of(role));
    }
}
