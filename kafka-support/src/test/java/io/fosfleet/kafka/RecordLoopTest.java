package io.fosfleet.kafka;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared loop against a real broker: bounded retries, dead letters with their headers, partitions moving on. */
@ExtendWith(KafkaBrokerExtension.class)
class RecordLoopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200));

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void topics(KafkaBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            assertThat(Topics.create(admin, Arrays.asList(Topic.values()), Optional.of(2), Optional.empty()))
                    .isEmpty();
            // a second time: every topic exists, which is fine
            assertThat(Topics.create(admin, Arrays.asList(Topic.values()), Optional.of(2), Optional.empty()))
                    .isEmpty();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void topicsAreCreatedFromTheCatalogueWithTheirOwnConfigAndPartitions(KafkaBroker broker) throws Exception {
        try (Admin admin = admin(broker)) {
            var dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topic.COMMAND_RESULTS_DLQ.topicName());
            var config = admin.describeConfigs(List.of(dlq)).all().get().get(dlq);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config.get("retention.ms").value()).isEqualTo("2592000000");
            var described = admin.describeTopics(List.of(Topic.ALERT_SILENCES.topicName(),
                    Topic.DEVICE_EVENTS.topicName())).allTopicNames().get();
            assertThat(described.get(Topic.ALERT_SILENCES.topicName()).partitions()).hasSize(1);
            assertThat(described.get(Topic.DEVICE_EVENTS.topicName()).partitions()).hasSize(2);
        }
    }

    @Test
    void aRecordTheHandlerAlwaysFailsOnIsTriedThreeTimesThenDeadLetteredAndItsPartitionMovesOn(KafkaBroker broker)
            throws Exception {
        DeviceId poison = device();
        Map<UUID, AtomicInteger> tries = new ConcurrentHashMap<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        String group = "loop-test-" + UUID.randomUUID();
        start(broker, group, Topic.DEVICE_EVENTS, (r, value) -> {
            if (!value.deviceId().equals(poison)) {
                return;
            }
            tries.computeIfAbsent(value.id(), id -> new AtomicInteger()).incrementAndGet();
            DeviceEvent e = (DeviceEvent) value;
            if (e.message().equals("poison")) {
                throw new IllegalStateException("value too long for column \"details\"");
            }
            handled.add(e.message());
        });

        DeviceEvent bad = event(poison, "poison");
        long offset = send(broker, Topic.DEVICE_EVENTS, 0, poison.value(), EventJson.toBytes(bad));
        send(broker, Topic.DEVICE_EVENTS, 0, poison.value(), EventJson.toBytes(event(poison, "next")));

        await().atMost(PATIENCE).until(() -> handled.contains("next"));
        assertThat(tries.get(bad.id())).hasValue(3);
        ConsumerRecord<byte[], byte[]> letter = deadLetter(broker, Topic.DEVICE_EVENTS_DLQ, offset, 0);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(poison.value());
        assertThat(EventJson.fromBytes(letter.value(), DeviceEvent.class)).isEqualTo(bad);
        Map<String, String> headers = headers(letter);
        assertThat(headers).containsEntry(DeadLetters.REASON, "value too long for column \"details\"")
                .containsEntry(DeadLetters.CAUSE, "failed")
                .containsEntry(DeadLetters.SOURCE_TOPIC, "fos.device.events")
                .containsEntry(DeadLetters.SOURCE_PARTITION, "0")
                .containsEntry(DeadLetters.SOURCE_OFFSET, Long.toString(offset))
                .containsEntry(DeadLetters.CONSUMER_GROUP, group)
                .containsEntry(DeadLetters.ATTEMPTS, "3")
                .containsKeys(DeadLetters.SOURCE_TIMESTAMP, DeadLetters.DEAD_LETTERED_AT);
        assertThat(Instant.parse(headers.get(DeadLetters.SOURCE_TIMESTAMP))).isAfter(Instant.now().minusSeconds(600));
        assertThat(deadLettered).contains("fos.device.events/failed");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(committed(broker, group, new TopicPartition("fos.device.events", 0))).isGreaterThan(offset + 1));
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAtOnceWithoutTryingTheHandler(KafkaBroker broker) throws Exception {
        DeviceId device = device();
        List<String> handled = new CopyOnWriteArrayList<>();
        start(broker, "loop-test-" + UUID.randomUUID(), Topic.COMMAND_RESULTS, (r, value) -> {
            if (r.key().equals(device.value())) {
                handled.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        });
        long offset = send(broker, Topic.COMMAND_RESULTS, 1, device.value(),
                "{not json".getBytes(StandardCharsets.UTF_8));
        send(broker, Topic.COMMAND_RESULTS, 1, device.value(), EventJson.toBytes(
                io.fosfleet.events.CommandResult.done(io.fosfleet.events.DeviceCommand.create(UUID.randomUUID(),
                        io.fosfleet.events.DeviceCommand.Type.PING, device, Instant.now(), "test", "admin", "check",
                        Map.of(), false, Instant.now().plusSeconds(60)), Instant.now(), "test", "pong", Map.of())));

        await().atMost(PATIENCE).until(() -> handled.size() == 1);
        assertThat(handled.get(0)).contains("pong");
        Map<String, String> headers = headers(deadLetter(broker, Topic.COMMAND_RESULTS_DLQ, offset, 1));
        assertThat(headers).containsEntry(DeadLetters.CAUSE, "unreadable").containsEntry(DeadLetters.ATTEMPTS, "0");
        assertThat(headers.get(DeadLetters.REASON)).startsWith("cannot read CommandResult")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aTransientFailureIsRetriedWithoutEndAndHoldsUpOnlyItsOwnPartition(KafkaBroker broker) throws Exception {
        DeviceId stuck = device();
        DeviceId other = device();
        AtomicBoolean databaseAway = new AtomicBoolean(true);
        AtomicInteger tries = new AtomicInteger();
        List<DeviceId> handled = new CopyOnWriteArrayList<>();
        RetryPolicy oneTry = new RetryPolicy(1, Duration.ofMillis(50), Duration.ofMillis(100));
        RecordLoop loop = RecordLoop.builder("transient", consumer(broker, "loop-test-" + UUID.randomUUID()),
                        List.of(Topic.HEARTBEAT_EVENTS), (r, value) -> {
                            if (value.deviceId().equals(stuck)) {
                                tries.incrementAndGet();
                                if (databaseAway.get()) {
                                    throw new DatabaseAway();
                                }
                            }
                            handled.add(value.deviceId());
                        })
                .retry(oneTry).transientFailure(DatabaseAway.class::isInstance).deadLetters(deadLetters(broker, "t"))
                .start();
        open.add(loop);

        send(broker, Topic.HEARTBEAT_EVENTS, 0, stuck.value(), EventJson.toBytes(heartbeat(stuck)));
        await().atMost(PATIENCE).until(() -> tries.get() >= 5);
        send(broker, Topic.HEARTBEAT_EVENTS, 1, other.value(), EventJson.toBytes(heartbeat(other)));
        await().atMost(PATIENCE).until(() -> handled.contains(other));
        assertThat(handled).doesNotContain(stuck);

        databaseAway.set(false);
        await().atMost(PATIENCE).until(() -> handled.contains(stuck));
        assertThat(deadLettered).isEmpty();
    }

    private static final class DatabaseAway extends RuntimeException {
        DatabaseAway() {
            super("connection refused");
        }
    }

    private void start(KafkaBroker broker, String group, Topic topic, RecordLoop.Handler handler) {
        open.add(RecordLoop.builder("test-" + topic.topicName(), consumer(broker, group), List.of(topic), handler)
                .retry(FAST).deadLetters(deadLetters(broker, group)).start());
    }

    private DeadLetters deadLetters(KafkaBroker broker, String group) {
        DeadLetters d = new DeadLetters(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                "test", group, (topic, cause) -> deadLettered.add(topic + "/" + cause.tag()));
        open.add(d);
        return d;
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaBroker broker, String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static long send(KafkaBroker broker, Topic topic, int partition, String key, byte[] value)
            throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            return p.send(new ProducerRecord<>(topic.topicName(), partition, key, value)).get().offset();
        }
    }

    /** The dead letter of the record at {@code offset} of partition {@code partition} of the dead-letter's source. */
    static ConsumerRecord<byte[], byte[]> deadLetter(KafkaBroker broker, Topic dlq, long offset, int partition) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(dlq.topicName()).stream()
                    .map(p -> new TopicPartition(dlq.topicName(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Map<String, String> h = headers(r);
                    if (Long.toString(offset).equals(h.get(DeadLetters.SOURCE_OFFSET))
                            && Integer.toString(partition).equals(h.get(DeadLetters.SOURCE_PARTITION))) {
                        found.add(r);
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> r) {
        return Arrays.stream(r.headers().toArray()).collect(Collectors.toMap(h -> h.key(),
                h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
    }

    private static long committed(KafkaBroker broker, String group, TopicPartition tp) throws Exception {
        try (Admin admin = admin(broker)) {
            var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.get(tp) == null ? -1 : offsets.get(tp).offset();
        }
    }

    private static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static DeviceId device() {
        return DeviceId.of("fos-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static DeviceEvent event(DeviceId device, String message) {
        return DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, device, Instant.now(), "test", null, Map.of(),
                message);
    }

    private static Envelope heartbeat(DeviceId device) {
        return io.fosfleet.events.HeartbeatEvent.create(io.fosfleet.events.HeartbeatEvent.Type.RUNNING, device,
                "pair-1", Instant.now(), "test", "kicking", Map.of());
    }
}
