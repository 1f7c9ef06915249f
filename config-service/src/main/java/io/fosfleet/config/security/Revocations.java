package io.fosfleet.config.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Revoked tokens, in the database so that a sign-out holds on every replica: a revoked token is refused until its
 * own expiry, after which it would be refused anyway and its row is pruned.
 */
@ApplicationScoped
public class Revocations {

    private final EntityManager em;

    public Revocations(EntityManager em) {
        this.em = em;
    }

    /** Revokes the token until it expires; a token without an id (another issuer's) cannot be revoked here. */
    @Transactional
    public boolean revoke(JsonWebToken token) {
        if (token == null || token.getTokenID() == null) {
            return false;
        }
        Instant now = Instant.now();
        em.createQuery("delete from RevokedTokenEntity where expiresAt < :now").setParameter("now", now)
                .executeUpdate();
        if (em.find(RevokedTokenEntity.class, token.getTokenID()) == null) {
            RevokedTokenEntity r = new RevokedTokenEntity();
            r.jti = token.getTokenID();
            r.expiresAt = token.getExpirationTime() > 0 ? Instant.ofEpochSecond(token.getExpirationTime())
                    : now.plusSeconds(24 * 3600);
            em.persist(r);
        }
        return true;
    }

    @Transactional
    public boolean revoked(String jti) {
        return em.find(RevokedTokenEntity.class, jti) != null;
    }
}
