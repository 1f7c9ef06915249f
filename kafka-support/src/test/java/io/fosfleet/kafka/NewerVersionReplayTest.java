package io.fosfleet.kafka;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A newer producer's records on the real broker, through the consumer loop every service uses: handed to the handler
 * with the new enum value as UNKNOWN and the new fields ignored, none dead-lettered (before, each was dead-lettered as
 * unreadable and no consumer saw it). The loop's dead letters are awaited before it closes: the handler sees the
 * records in partition order, and a dead letter is sent before the loop moves past its record.
 */
@ExtendWith(KafkaBrokerExtension.class)
class NewerVersionReplayTest {

    @Test
    void aNewerVersionsEventsReachTheHandlerWithUnknownTypesAndNothingIsDeadLettered(KafkaBroker broker)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Topics.create(admin, Arrays.asList(Topic.values()), Optional.of(2), Optional.empty());
        }
        String device = "fos-v2-" + UUID.randomUUID().toString().substring(0, 8);
        String v2 = "{\"id\":\"%s\",\"type\":\"%s\",\"deviceId\":\"" + device
                + "\",\"occurredAt\":\"2027-03-01T08:00:00Z\",\"source\":\"%s\",\"schemaVersion\":2,%s"
                + "\"message\":\"%s\",\"severity\":\"WARNING\",\"correlation\":{\"trace\":\"4bf9\"}}";
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(Topic.DEVICE_EVENTS.topicName(), device, String.format(v2, UUID.randomUUID(),
                    "FAILOVER_PREDICTED", "device-gateway", "\"syslogCode\":44,", "runs out in 12 s"))).get();
            p.send(new ProducerRecord<>(Topic.HEARTBEAT_EVENTS.topicName(), device, String.format(v2, UUID.randomUUID(),
                    "PROBE_DEGRADED", "heartbeat-service", "\"pairId\":\"pair-v2\",", "SIP slower than 1 s"))).get();
        }

        List<Envelope> handled = new CopyOnWriteArrayList<>();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (DeadLetters letters = new DeadLetters(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), "test", "replay", (topic, cause) -> { });
             RecordLoop loop = RecordLoop.builder("replay", new KafkaConsumer<>(props, new StringDeserializer(),
                             new ByteArrayDeserializer()), List.of(Topic.DEVICE_EVENTS, Topic.HEARTBEAT_EVENTS),
                     (r, value) -> {
                         if (device.equals(r.key())) {
                             handled.add(value);
                         }
                     }).deadLetters(letters).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 2);
        }
        assertThat(handled).filteredOn(DeviceEvent.class::isInstance).map(e -> (DeviceEvent) e)
                .singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo(DeviceEvent.Type.UNKNOWN);
                    assertThat(e.schemaVersion()).isEqualTo(2);
                    assertThat(e.message()).isEqualTo("runs out in 12 s");
                });
        assertThat(handled).filteredOn(HeartbeatEvent.class::isInstance).map(e -> (HeartbeatEvent) e)
                .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo(HeartbeatEvent.Type.UNKNOWN));
        // other tests of this JVM leave unreadable records on the same topics: only this device's count
        assertThat(deadLetteredKeys(broker)).doesNotContain(device);
    }

    private static List<String> deadLetteredKeys(KafkaBroker broker) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic dlq : List.of(Topic.DEVICE_EVENTS_DLQ, Topic.HEARTBEAT_EVENTS_DLQ)) {
                c.partitionsFor(dlq.topicName()).forEach(p -> partitions.add(new TopicPartition(dlq.topicName(),
                        p.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }
}
