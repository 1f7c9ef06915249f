package io.fosfleet.config.kafka;

import io.fosfleet.kafka.CloudEventHeaders;
import java.util.UUID;
import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.RecordLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the service's Kafka clients from the {@code kafka.*} configuration. Values travel as text: the outbox stores
 * records already serialised. Consumers run in the shared {@link RecordLoop}: a record that cannot be read or stored
 * goes to its topic's dead letters instead of blocking its partition.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> common;
    private final ConfigServiceConfig config;
    private final MeterRegistry registry;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> common, ConfigServiceConfig config,
                        MeterRegistry registry) {
        this.common = common;
        this.config = config;
        this.registry = registry;
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
        return new KafkaProducer<>(CloudEventHeaders.addTo(props), new StringSerializer(), new StringSerializer());
    }

    /**
     * A loop in the replicas' shared group: every partition is read by one replica, committed after the database
     * write; a record that cannot be stored is dead-lettered after the retries, while a database outage is waited
     * out.
     */
    public RecordLoop.Builder shared(String clientId, List<Topic> topics, RecordLoop.Handler handler) {
        return RecordLoop.builder(clientId, consumer(clientId, config.kafka().groupId(), "earliest"), topics, handler)
                .transientFailure(KafkaClients::databaseAway)
                .deadLetters(new DeadLetters(common, clientId, config.kafka().groupId(),
                        (topic, cause) -> registry.counter("fosfleet.records.dead.lettered", "topic", topic,
                                "reason", cause.tag()).increment()));
    }

    /** A loop on a group of its own that reads every partition from now on and commits nothing (a live view). */
    public RecordLoop.Builder view(String clientId, List<Topic> topics, RecordLoop.Handler handler) {
        return RecordLoop.builder(clientId, consumer(clientId, config.kafka().groupId() + "-" + clientId + "-"
                + UUID.randomUUID(), "latest"), topics, handler).commit(false);
    }

    /**
     * A loop on a group of its own that reads every partition from its start and commits nothing: this replica's
     * copy of a compacted topic, kept in memory.
     */
    public RecordLoop.Builder replay(String clientId, List<Topic> topics, RecordLoop.Handler handler) {
        return RecordLoop.builder(clientId, consumer(clientId, config.kafka().groupId() + "-" + clientId + "-"
                + UUID.randomUUID(), "earliest"), topics, handler).commit(false);
    }

    private KafkaConsumer<String, byte[]> consumer(String clientId, String group, String reset) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The database cannot be reached or is busy: nothing is wrong with the record, so it waits instead of going to
     * the dead letters. Connection failures (SQL state class 08), timeouts and lock waits.
     */
    static boolean databaseAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }
}
