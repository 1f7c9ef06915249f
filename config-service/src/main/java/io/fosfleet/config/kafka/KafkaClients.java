package io.fosfleet.config.kafka;

import java.util.UUID;
import io.fosfleet.config.ConfigServiceConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the service's Kafka clients from the {@code kafka.*} configuration. Values travel as text: the outbox stores
 * records already serialised, and consumers parse each record themselves so that one unreadable record is skipped
 * instead of blocking its partition.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> common;
    private final ConfigServiceConfig config;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> common, ConfigServiceConfig config) {
        this.common = common;
        this.config = config;
    }

    /** Idempotent, every replica acknowledging, in order per partition even when it retries. */
    public KafkaProducer<String, String> producer(String clientId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * A consumer that commits by hand after the work is done. {@code shared} consumers split the partitions with the
     * other replicas (the service's group); the others get every partition from now on (a group of their own).
     */
    public KafkaConsumer<String, String> consumer(String clientId, boolean shared) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, shared ? config.kafka().groupId()
                : config.kafka().groupId() + "-" + clientId + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, shared ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
