package io.fosfleet.config;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Chooses PostgreSQL at run time, as Kubernetes does, and points the service at the real PostgreSQL that {@code .ci/run} starts, named by the environment variables
 * {@code FOSFLEET_TEST_PG_URL} (JDBC URL), {@code FOSFLEET_TEST_PG_USER} and {@code FOSFLEET_TEST_PG_PASSWORD}. The
 * database is a test database that outlives a run: it is emptied at start, so every run applies all migrations from
 * the first, as a new installation does (a database left by an older branch would otherwise refuse a migration that
 * sorts before ones it already has).
 */
public class PostgresProfile implements QuarkusTestProfile {

    static final String URL = "FOSFLEET_TEST_PG_URL";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // the run-time choice an operator makes (README "Database"); the build is the one the H2 tests use
                "fosfleet.config.database.kind", "postgresql",
                // read during test discovery too, when the variable may be absent and the class is then disabled
                "fosfleet.config.database.url", System.getenv().getOrDefault(URL, "jdbc:postgresql://unset/unset"),
                "fosfleet.config.database.username", System.getenv().getOrDefault("FOSFLEET_TEST_PG_USER", "fosfleet"),
                "fosfleet.config.database.password",
                System.getenv().getOrDefault("FOSFLEET_TEST_PG_PASSWORD", "fosfleet"),
                "quarkus.flyway.\"postgresql\".clean-disabled", "false",
                "quarkus.flyway.\"postgresql\".clean-at-start", "true");
    }
}
