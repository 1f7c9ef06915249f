package io.fosfleet.alert.kafka;

import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The service's plain Kafka clients and its dead-letter metric. Both come from the one {@code kafka.*} configuration
 * that SmallRye's Kafka connector also reads for the events channel (README "Kafka").
 */
public class KafkaSetup {

    /** Producers (fos.alerts, silences, firing conditions), readers of whole topics, topic creation. */
    @Produces
    @Singleton
    KafkaClients kafkaClients(@Identifier("default-kafka-broker") Map<String, Object> connection) {
        return new KafkaClients(connection);
    }

    /**
     * Counts {@code fosfleet_records_dead_lettered_total{topic,reason}} for every event record the channel's failure
     * strategy ({@code fosfleet-dead-letters}) copies to {@code <topic>.dlq}.
     */
    @Produces
    @Singleton
    DeadLetters.Listener deadLetterCount(MeterRegistry registry) {
        return (topic, cause) -> registry.counter("fosfleet.records.dead.lettered", "topic", topic,
                "reason", cause.tag()).increment();
    }
}
