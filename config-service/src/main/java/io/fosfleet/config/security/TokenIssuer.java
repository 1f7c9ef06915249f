package io.fosfleet.config.security;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.problem.ProblemException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

/**
 * Issues tokens for the three documented demo users of the embedded setup (viewer/viewer, operator/operator,
 * admin/admin); the API's token endpoint and the console's sign-in form share it, so both give the same token.
 */
@ApplicationScoped
public class TokenIssuer {

    /**
     * Every token names fosfleet as its audience, and every service accepts only tokens that do
     * ({@code mp.jwt.verify.audiences=fosfleet}), so a token the same identity provider issued for another application
     * is refused.
     */
    public static final String AUDIENCE = "fosfleet";

    /** Each demo user has the role of its name; the password is the name too. */
    private static final Map<String, String> DEMO_USERS = Map.of(
            "viewer", Roles.VIEWER, "operator", Roles.OPERATOR, "admin", Roles.ADMIN);

    /** A signed token with when it expires and the roles it carries. */
    public record Issued(String jwt, Instant expiresAt, List<String> roles) {
    }

    private final ConfigServiceConfig config;
    private final String issuer;

    public TokenIssuer(ConfigServiceConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    public boolean enabled() {
        return config.auth().demoUsers();
    }

    /** Answers 404 when demo users are off, 401 for an unknown user or a wrong password (never saying which). */
    public Issued issue(String username, String password) {
        if (!enabled()) {
            throw ProblemException.notFound("endpoint", "/api/auth/token");
        }
        String role = username == null ? null : DEMO_USERS.get(username);
        if (role == null || !username.equals(password)) {
            throw new ProblemException(401, "Unauthorized", "unknown demo user or wrong password; demo users are "
                    + "viewer, operator and admin, each with its name as password", List.of());
        }
        Instant expiresAt = Instant.now().plus(config.auth().tokenLifetime());
        // the token id (jti) is what sign-out revokes
        String jwt = Jwt.issuer(issuer).audience(AUDIENCE).claim(Claims.jti.name(), UUID.randomUUID().toString())
                .upn(username).groups(Set.of(role)).expiresAt(expiresAt).sign();
        return new Issued(jwt, expiresAt, List.of(role));
    }

    /**
     * A PBX node's token for its heartbeats at heartbeat-service: subject = the node id, role {@code node}, audience
     * {@code fosfleet}, valid for {@code fosfleet.config.auth.node-token-lifetime}. It grants nothing at the API.
     */
    public Issued issueNodeToken(String nodeId) {
        Instant expiresAt = Instant.now().plus(config.auth().nodeTokenLifetime());
        String jwt = Jwt.issuer(issuer).subject(nodeId).groups(Set.of("node")).audience(AUDIENCE)
                .expiresAt(expiresAt).sign();
        return new Issued(jwt, expiresAt, List.of("node"));
    }
}
