package io.fosfleet.heartbeat;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Tokens as config-service issues them to nodes (subject = node, group {@code node}, audience {@code fosfleet}),
 * signed with the test-only key pair in src/test/resources, and the forgeries an attacker would try.
 */
public final class NodeTokens {

    public static final String ISSUER = "https://fosfleet.local/demo";
    public static final String AUDIENCE = "fosfleet";

    private NodeTokens() {
    }

    public static PublicKey publicKey() {
        try {
            return KeyUtils.readPublicKey("test-keys/publicKey.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test public key", e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            return KeyUtils.readPrivateKey("test-keys/privateKey.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test private key", e);
        }
    }

    private static JwtClaimsBuilder claims(String node) {
        return Jwt.issuer(ISSUER).subject(node).groups(Set.of("node")).audience(AUDIENCE)
                .expiresAt(Instant.now().plus(Duration.ofMinutes(10)));
    }

    /** The node's own valid token. */
    public static String valid(String node) {
        return claims(node).sign(privateKey());
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A token of the node that expired ten minutes ago (past any clock skew). */
    public static String expired(String node) {
        return claims(node).issuedAt(Instant.now().minus(Duration.ofHours(1)))
                .expiresAt(Instant.now().minus(Duration.ofMinutes(10))).sign(privateKey());
    }

    /** Signed by the right key but for another audience. */
    public static String wrongAudience(String node) {
        return claims(node).audience("another-system").sign(privateKey());
    }

    /** Claims as the node's own, signed by a key the service does not trust. */
    public static String foreignKey(String node) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims(node).sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user's token: signed by the issuer for the audience, subject = the node's name, but no role {@code node}. */
    public static String viewer(String node) {
        return claims(node).groups(Set.of("viewer")).sign(privateKey());
    }
}
