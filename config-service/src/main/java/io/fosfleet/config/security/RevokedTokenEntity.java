package io.fosfleet.config.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed-out token's id, kept until the token would have expired anyway. */
@Entity
@Table(name = "revoked_token")
public class RevokedTokenEntity {

    @Id
    public String jti;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
