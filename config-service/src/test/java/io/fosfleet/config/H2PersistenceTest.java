package io.fosfleet.config;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The persistence tests on the embedded default database, H2. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class H2PersistenceTest extends PersistenceTests {
}
