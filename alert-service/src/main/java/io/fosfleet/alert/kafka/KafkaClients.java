package io.fosfleet.alert.kafka;

import io.fosfleet.kafka.CloudEventHeaders;
import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the service's Kafka clients from the {@code kafka.*} configuration. Values are read as bytes and parsed by
 * the service, so that one unreadable record goes to the dead letters instead of blocking its partition.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> common;
    private final AlertServiceConfig config;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> common, AlertServiceConfig config) {
        this.common = common;
        this.config = config;
    }

    /** Idempotent, acknowledged by every replica: a notification is only recorded once the broker has it. */
    public KafkaProducer<String, String> producer(String clientId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(CloudEventHeaders.addTo(props), new StringSerializer(), new StringSerializer());
    }

    /**
     * The events consumer: in the service's group, committing by hand. Short sessions hand a dead replica's
     * partitions to a survivor in seconds (docs/adr/0002-consumer-group-protocols.md).
     */
    public KafkaConsumer<String, byte[]> groupConsumer(String clientId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer outside any group, for reading whole topics (assign and seek; nothing is committed). */
    public KafkaConsumer<String, byte[]> reader(String clientId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Creates the topics this service writes when they are missing: fos.alerts, the undeliverable notifications, the
     * silences and the firing conditions, and the dead letters of the topics it consumes.
     */
    public void createOwnTopics() {
        try (Admin admin = Admin.create(common)) {
            Topics.create(admin, List.of(Topic.ALERTS, Topic.ALERT_NOTIFICATIONS_FAILED, Topic.ALERT_SILENCES,
                    Topic.ALERT_FIRING, Topic.DEVICE_EVENTS_DLQ, Topic.HEARTBEAT_EVENTS_DLQ), Optional.empty(),
                    Optional.empty()).forEach((topic, why) -> {
                        throw new IllegalStateException("cannot create topic " + topic + ": " + why);
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Copies the events this service cannot read or process to their dead-letter topics, counting each. */
    public DeadLetters deadLetters(String clientId, MeterRegistry registry) {
        return new DeadLetters(common, clientId, config.kafka().groupId(), (topic, cause) -> registry.counter(
                "fosfleet.records.dead.lettered", "topic", topic, "reason", cause.tag()).increment());
    }
}
