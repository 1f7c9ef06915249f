package io.fosfleet.config.kafka;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.KafkaClients;
import io.fosfleet.kafka.KafkaClients.GroupTiming;
import io.fosfleet.kafka.RecordLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * config-service's Kafka clients, all built by kafka-support's {@link KafkaClients} from the {@code kafka.*}
 * settings: the consumer settings of the {@code ingest} channel (SmallRye Reactive Messaging, see {@code Ingest}),
 * the outbox relay's producer, and the loops of the live view and the kick replay, which read on a group of their own
 * and commit nothing. README "Kafka" says why each is what it is.
 */
@ApplicationScoped
public class KafkaSetup {

    /** The channel of the replicas' shared consumer group ({@code mp.messaging.incoming.ingest.*}). */
    public static final String INGEST = "ingest";

    /**
     * Classic protocol, cooperative-sticky assignment, a 10 s session with a heartbeat every 3 s: when a replica dies
     * its partitions move to a survivor within about 10 s, so a command result waits at most that long for its
     * command instead of the client default's 45 s; three heartbeats per session ride out a loaded machine's pauses.
     * A replica that stops cleanly leaves the group at once.
     */
    public static final GroupTiming GROUP_TIMING = GroupTiming.classic(Duration.ofSeconds(10), Duration.ofSeconds(3));

    private static final int MAX_POLL_RECORDS = 200;

    private final KafkaClients clients;
    private final ConfigServiceConfig config;

    public KafkaSetup(KafkaClients clients, ConfigServiceConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** The one factory of the service's Kafka clients, on the {@code kafka.*} connection (and its security). */
    @Produces
    @Singleton
    static KafkaClients clients(@Identifier("default-kafka-broker") Map<String, Object> connection) {
        return new KafkaClients(connection);
    }

    /**
     * Counts every dead letter of the channel's failure strategy in
     * {@code fosfleet_records_dead_lettered_total{topic,reason}}.
     */
    @Produces
    @Singleton
    static DeadLetters.Listener deadLetterCount(MeterRegistry registry) {
        return (topic, cause) -> registry.counter("fosfleet.records.dead.lettered", "topic", topic, "reason",
                cause.tag()).increment();
    }

    /**
     * How the {@code ingest} channel waits for the database; every try that failed and is tried again is counted in
     * {@code fosfleet_records_store_retries_total{topic,reason}} ({@code reason} {@code database_away} or
     * {@code failed}).
     */
    @Produces
    @Singleton
    static DatabasePatience patience(MeterRegistry registry) {
        return DatabasePatience.standard((topic, away) -> registry.counter("fosfleet.records.store.retries", "topic",
                topic, "reason", away ? "database_away" : "failed").increment());
    }

    /**
     * The {@code ingest} channel's consumer settings (the connector adds them under the {@code mp.messaging.incoming
     * .ingest.*} properties): the replicas' shared group, from the start of what it has not committed, commit by
     * hand, {@link #GROUP_TIMING}.
     */
    @Produces
    @Identifier(INGEST)
    Map<String, Object> ingestConsumer() {
        return clients.groupConsumerConfig("config-service-ingest", config.kafka().groupId(), "earliest",
                GROUP_TIMING, MAX_POLL_RECORDS);
    }

    /**
     * The outbox relay's producer: idempotent, acknowledged by every in-sync replica, in order per partition; a send
     * waits at most 10 s for the broker and a record at most 30 s for its acknowledgement.
     */
    public KafkaProducer<String, String> outboxProducer() {
        return clients.producer("config-service-outbox", Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** A loop on a group of its own that reads every partition from now on and commits nothing (a live view). */
    public RecordLoop.Builder view(String clientId, List<Topic> topics, RecordLoop.Handler handler) {
        return RecordLoop.builder(clientId, clients.groupConsumer(clientId, ownGroup(clientId), "latest",
                GROUP_TIMING, MAX_POLL_RECORDS), topics, handler).commit(false);
    }

    /**
     * A loop on a group of its own that reads every partition from its start and commits nothing: this replica's
     * copy of a compacted topic, kept in memory.
     */
    public RecordLoop.Builder replay(String clientId, List<Topic> topics, RecordLoop.Handler handler) {
        return RecordLoop.builder(clientId, clients.groupConsumer(clientId, ownGroup(clientId), "earliest",
                GROUP_TIMING, MAX_POLL_RECORDS), topics, handler).commit(false);
    }

    private String ownGroup(String clientId) {
        return config.kafka().groupId() + "-" + clientId + "-" + UUID.randomUUID();
    }
}
