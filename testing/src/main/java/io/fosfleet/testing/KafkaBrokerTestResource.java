package io.fosfleet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource that points a {@code @QuarkusTest} at the Kafka broker this JVM shares:
 * {@code @WithTestResource(KafkaBrokerTestResource.class)}.
 */
public final class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives this resource: other tests of the JVM use it too, and it stops when the JVM exits.
    }
}
