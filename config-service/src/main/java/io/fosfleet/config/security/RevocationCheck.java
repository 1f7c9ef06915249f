package io.fosfleet.config.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a signed-out token: runs after the token verified (signature, expiry, issuer, audience), so the database is
 * asked only about tokens that are otherwise good, and on a worker thread.
 */
@ApplicationScoped
public class RevocationCheck implements SecurityIdentityAugmentor {

    private final Revocations revocations;

    public RevocationCheck(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getTokenID() == null) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            if (revocations.revoked(jwt.getTokenID())) {
                throw new AuthenticationFailedException(AuthProblems.TOKEN_REVOKED);
            }
            return identity;
        });
    }
}
