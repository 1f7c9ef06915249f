package io.fosfleet.config;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The persistence tests on a real PostgreSQL (production's database), with the same Flyway migrations as H2. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@WithTestResource(KafkaBrokerTestResource.class)
@EnabledIfEnvironmentVariable(named = PostgresProfile.URL, matches = ".+", disabledReason = "no PostgreSQL: set "
        + PostgresProfile.URL + " (and FOSFLEET_TEST_PG_USER/PASSWORD) as .ci/run does to run these tests on it")
class PostgresPersistenceTest extends PersistenceTests {
}
