package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every Kafka client a fosfleet service opens, built from one configuration shape: the service's {@code kafka.*}
 * settings with the prefix removed (what Quarkus hands over as the {@code default-kafka-broker} map, and what SmallRye's
 * Kafka connector reads). They carry the connection and its security — {@code bootstrap.servers},
 * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*},
 * {@code ssl.keystore.*} — and nothing here overrides them. This class adds what fosfleet wants of each kind of client:
 * producers that never lose or reorder a record, consumers that commit by hand, and the group timing each service
 * chose on purpose ({@link GroupTiming}).
 */
public final class KafkaClients {

    /**
     * How a consumer group notices a dead member and hands out partitions. The choice is per service and written in
     * its README: a service whose partitions must move to a survivor within seconds asks for a short session.
     *
     * @param protocol       {@code classic} or {@code consumer} (KIP-848, the broker assigns)
     * @param session        classic only: the session timeout; empty for the client's default
     * @param heartbeat      classic only: the heartbeat interval; empty for the client's default
     * @param remoteAssignor consumer only: the broker-side assignor ({@code group.remote.assignor}, e.g.
     *                       {@code range} to keep partition N of every subscribed topic on one member); empty for the
     *                       broker's default. The classic protocol always assigns cooperative-sticky.
     */
    public record GroupTiming(String protocol, Optional<Duration> session, Optional<Duration> heartbeat,
                              Optional<String> remoteAssignor) {

        /** The broker-driven protocol (KIP-848): the broker's own session settings and default assignor apply. */
        public static final GroupTiming BROKER_ASSIGNED = new GroupTiming("consumer", Optional.empty(), Optional.empty());

        public GroupTiming {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(remoteAssignor, "remoteAssignor");
            if (!protocol.equals("classic") && !protocol.equals("consumer")) {
                throw new IllegalArgumentException("group protocol must be classic or consumer, not " + protocol);
            }
            if (protocol.equals("consumer") && (session.isPresent() || heartbeat.isPresent())) {
                throw new IllegalArgumentException("the consumer group protocol takes its timing from the broker");
            }
            if (protocol.equals("classic") && remoteAssignor.isPresent()) {
                throw new IllegalArgumentException("a remote assignor needs the consumer group protocol; the classic"
                        + " protocol assigns cooperative-sticky in the client");
            }
            if (session.isPresent() && heartbeat.isPresent()
                    && heartbeat.get().compareTo(session.get()) >= 0) {
                throw new IllegalArgumentException("heartbeat interval " + heartbeat.get()
                        + " must be shorter than the session timeout " + session.get());
            }
            if (session.filter(d -> d.isNegative() || d.isZero()).isPresent()
                    || heartbeat.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
                throw new IllegalArgumentException("session timeout and heartbeat interval must be positive");
            }
        }

        /** Without a remote assignor (the broker's default one, or the classic protocol's cooperative-sticky). */
        public GroupTiming(String protocol, Optional<Duration> session, Optional<Duration> heartbeat) {
            this(protocol, session, heartbeat, Optional.empty());
        }

        /** The classic protocol with cooperative-sticky assignment and the given session and heartbeat. */
        public static GroupTiming classic(Duration session, Duration heartbeat) {
            return new GroupTiming("classic", Optional.of(session), Optional.of(heartbeat));
        }

        /** The broker-driven protocol (KIP-848) with the given broker-side assignor, e.g. {@code range}. */
        public static GroupTiming brokerAssigned(String remoteAssignor) {
            return new GroupTiming("consumer", Optional.empty(), Optional.empty(), Optional.of(remoteAssignor));
        }
    }

    /**
     * How long a producer waits, for a service that chose its own (see {@link #producerConfig(String, ProducerTiming)}).
     *
     * @param linger          how long a record waits for others to share its batch
     * @param maxBlock        how long a send may wait for metadata or buffer space before it fails
     * @param requestTimeout  how long one request to the broker may take before it is tried again
     * @param deliveryTimeout how long a record may take to be acknowledged, retries included; at least linger plus
     *                        request timeout (the client refuses less)
     */
    public record ProducerTiming(Duration linger, Duration maxBlock, Duration requestTimeout, Duration deliveryTimeout) {

        /** kafka-clients' own defaults apart from linger: max.block 60 s, request 30 s, delivery 120 s. */
        public static ProducerTiming clientDefaults(Duration linger) {
            return new ProducerTiming(linger, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120));
        }

        public ProducerTiming {
            Objects.requireNonNull(linger, "linger");
            Objects.requireNonNull(maxBlock, "maxBlock");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
            if (linger.isNegative() || maxBlock.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("producer timing: linger and max.block must be 0 or more, the"
                        + " request timeout positive");
            }
            if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
                throw new IllegalArgumentException("delivery timeout " + deliveryTimeout + " must be at least linger "
                        + linger + " plus request timeout " + requestTimeout);
            }
        }
    }

    private final Map<String, Object> connection;

    /**
     * @param connection the {@code kafka.*} settings without their prefix; at least {@code bootstrap.servers}
     */
    public KafkaClients(Map<String, ?> connection) {
        if (connection.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        this.connection = Map.copyOf(connection);
    }

    /** The connection settings as given (a copy the caller may change). */
    public Map<String, Object> connection() {
        return new HashMap<>(connection);
    }

    /**
     * Settings of a producer that neither loses nor reorders: idempotent, acknowledged by every in-sync replica, with
     * CloudEvents headers on every record; records wait 5 ms for a batch, a request at most 10 s.
     *
     * @param maxBlock        how long a send may wait for metadata or buffer space before it fails
     * @param deliveryTimeout how long a record may take to be acknowledged, retries included
     */
    public Map<String, Object> producerConfig(String clientId, Duration maxBlock, Duration deliveryTimeout) {
        int delivery = (int) deliveryTimeout.toMillis();
        // The client requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        return producerConfig(clientId, new ProducerTiming(Duration.ofMillis(5), maxBlock,
                Duration.ofMillis(Math.min(10_000, delivery - 5)), deliveryTimeout));
    }

    /**
     * Settings of a producer that neither loses nor reorders (as {@link #producerConfig(String, Duration, Duration)}),
     * with every wait the service's own choice: e.g. a short linger for events the NOC waits for, a short max.block
     * for a sender thread that must come back to retry while Kafka is away.
     */
    public Map<String, Object> producerConfig(String clientId, ProducerTiming timing) {
        Map<String, Object> p = connection();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) timing.linger().toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timing.maxBlock().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timing.requestTimeout().toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timing.deliveryTimeout().toMillis());
        return CloudEventHeaders.addTo(p);
    }

    /** A producer of text records (fosfleet's JSON) with {@link #producerConfig}. */
    public KafkaProducer<String, String> producer(String clientId, Duration maxBlock, Duration deliveryTimeout) {
        return new KafkaProducer<>(producerConfig(clientId, maxBlock, deliveryTimeout), new StringSerializer(),
                new StringSerializer());
    }

    /**
     * A producer keyed by text (a device id) whose values the given serializer writes (bytes of JSON, a record
     * object), with {@link #producerConfig(String, ProducerTiming)}.
     */
    public <V> KafkaProducer<String, V> producer(String clientId, ProducerTiming timing, Serializer<V> values) {
        return new KafkaProducer<>(producerConfig(clientId, timing), new StringSerializer(), values);
    }

    /**
     * Settings of a consumer in a group that commits by hand.
     *
     * @param reset          where a partition without a committed offset starts: {@code earliest} or {@code latest}
     * @param maxPollRecords at most this many records per poll
     */
    public Map<String, Object> groupConsumerConfig(String clientId, String group, String reset, GroupTiming timing,
                                                   int maxPollRecords) {
        Map<String, Object> c = connection();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, timing.protocol());
        if (timing.protocol().equals("classic")) {
            c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            timing.session().ifPresent(d -> c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) d.toMillis()));
            timing.heartbeat().ifPresent(d -> c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) d.toMillis()));
        } else {
            timing.remoteAssignor().ifPresent(a -> c.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, a));
        }
        return c;
    }

    /**
     * Settings of a consumer in a group that commits by hand ({@link #groupConsumerConfig(String, String, String,
     * GroupTiming, int)}) and reads at the given isolation level: {@code READ_COMMITTED} for a topic that a
     * transactional producer writes (records of an aborted transaction are never seen).
     */
    public Map<String, Object> groupConsumerConfig(String clientId, String group, String reset, GroupTiming timing,
                                                   int maxPollRecords, IsolationLevel isolation) {
        Map<String, Object> c = groupConsumerConfig(clientId, group, reset, timing, maxPollRecords);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        return c;
    }

    /** A group consumer of fosfleet records: keys as text, values as bytes (parsed by the caller or a loop). */
    public KafkaConsumer<String, byte[]> groupConsumer(String clientId, String group, String reset, GroupTiming timing,
                                                       int maxPollRecords) {
        return new KafkaConsumer<>(groupConsumerConfig(clientId, group, reset, timing, maxPollRecords),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A group consumer of fosfleet records at the given isolation level (see the settings of the same name). */
    public KafkaConsumer<String, byte[]> groupConsumer(String clientId, String group, String reset, GroupTiming timing,
                                                       int maxPollRecords, IsolationLevel isolation) {
        return new KafkaConsumer<>(groupConsumerConfig(clientId, group, reset, timing, maxPollRecords, isolation),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Settings of a consumer outside any group, for reading whole partitions (assign and seek; nothing committed). */
    public Map<String, Object> readerConfig(String clientId) {
        Map<String, Object> c = connection();
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    /** A consumer outside any group ({@link #readerConfig}). */
    public KafkaConsumer<String, byte[]> reader(String clientId) {
        return new KafkaConsumer<>(readerConfig(clientId), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** An admin client on the same connection. */
    public Admin admin(String clientId) {
        Map<String, Object> a = connection();
        a.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(a);
    }

    /**
     * Creates the catalogue topics that are missing, each with its own configuration.
     *
     * @param partitions for topics that do not fix their own count; empty for the broker's default
     * @throws IllegalStateException naming the first topic that could not be created and why
     */
    public void createTopics(String clientId, Collection<Topic> topics, Optional<Integer> partitions) {
        try (Admin admin = admin(clientId)) {
            Topics.create(admin, topics, partitions, Optional.empty()).forEach((topic, why) -> {
                throw new IllegalStateException("cannot create topic " + topic + ": " + why);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** The dead-letter publisher on the same connection, for the given group's records. */
    public DeadLetters deadLetters(String clientId, String group, DeadLetters.Listener listener) {
        return new DeadLetters(connection(), clientId, group, listener);
    }
}
