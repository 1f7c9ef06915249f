package io.fosfleet.config;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * config-service's database, chosen when the service starts ({@code fosfleet.config.database.kind}), so one build
 * serves the local run (H2) and Kubernetes (PostgreSQL). Quarkus fixes a datasource's kind at build time; the build
 * therefore holds a datasource and a persistence unit per kind (application.properties), and only the chosen one is
 * active. This class hands the chosen unit's {@link EntityManager} to the rest of the service.
 */
@ApplicationScoped
public class Database {

    /** The database kinds this build holds, by their configuration value. */
    public enum Kind {
        H2("h2"), POSTGRESQL("postgresql");

        final String value;

        Kind(String value) {
            this.value = value;
        }
    }

    /** {@code fosfleet.config.database.*}; the datasources read the same properties (application.properties). */
    @ConfigMapping(prefix = "fosfleet.config.database")
    public interface Settings {
        /** h2 or postgresql, exactly; anything else stops the service at start with a message naming both. */
        @WithConverter(KindConverter.class)
        Kind kind();

        /** JDBC URL of the chosen kind's database. */
        String url();

        String username();

        /** Never logged. */
        String password();
    }

    /** Reads a kind exactly as documented (no case folding: the datasources' activation matches the same words). */
    public static class KindConverter implements Converter<Kind> {
        @Override
        public Kind convert(String value) {
            for (Kind kind : Kind.values()) {
                if (kind.value.equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("fosfleet.config.database.kind (FOSFLEET_CONFIG_DATABASE_KIND) must be"
                    + " h2 or postgresql, " + (value.isBlank() ? "it is empty" : "not '" + value + "'"));
        }
    }

    @Produces
    @ApplicationScoped
    EntityManager entityManager(Settings settings,
                                @PersistenceUnit("h2") InjectableInstance<EntityManager> h2,
                                @PersistenceUnit("postgresql") InjectableInstance<EntityManager> postgresql) {
        return switch (settings.kind()) {
            case H2 -> h2.get();
            case POSTGRESQL -> postgresql.get();
        };
    }
}
