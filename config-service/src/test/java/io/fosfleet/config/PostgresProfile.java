package io.fosfleet.config;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Points the service at the real PostgreSQL that {@code .ci/run} starts, named by the environment variables
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
                "quarkus.datasource.db-kind", "postgresql",
                // read during test discovery too, when the variable may be absent and the class is then disabled
                "quarkus.datasource.jdbc.url", System.getenv().getOrDefault(URL, "jdbc:postgresql://unset/unset"),
                "quarkus.datasource.username", System.getenv().getOrDefault("FOSFLEET_TEST_PG_USER", "fosfleet"),
                "quarkus.datasource.password", System.getenv().getOrDefault("FOSFLEET_TEST_PG_PASSWORD", "fosfleet"),
                "quarkus.flyway.clean-disabled", "false",
                "quarkus.flyway.clean-at-start", "true");
    }
}
