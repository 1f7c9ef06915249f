package io.fosfleet.config.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** Desired settings shared by the whole fleet (kind FLEET) or by one site (kind SITE, name = the site label). */
@Entity
@Table(name = "settings_scope")
public class SettingsScopeEntity {

    /** The fleet's row has this name; a site's row has the site's. */
    public static final String FLEET_NAME = "-";

    /** Kind and name of a scope. */
    @Embeddable
    public record ScopeId(@Column(name = "kind") String kind, @Column(name = "name") String name)
            implements Serializable {
        public static ScopeId fleet() {
            return new ScopeId("FLEET", FLEET_NAME);
        }

        public static ScopeId site(String site) {
            return new ScopeId("SITE", site);
        }
    }

    @EmbeddedId
    public ScopeId id;

    @Column(name = "settings")
    public String settings;

    @Column(name = "drift_policy")
    public String driftPolicy;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
