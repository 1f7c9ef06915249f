package io.fosfleet.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.fosfleet.events.Alert;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of value a fosfleet producer sends, read back from a real broker with the CloudEvents Java SDK (Kafka
 * protocol binding, binary mode): the attributes are there and say what the record is.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CloudEventHeadersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Instant AT = Instant.parse("2026-12-01T03:04:05.123Z");

    @BeforeAll
    static void topics(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(Topics.create(admin, Arrays.asList(Topic.values()), Optional.of(2), Optional.empty())).isEmpty();
        }
    }

    @Test
    void aRecordSentAsARecordIsACloudEventWithItsIdSourceTypeTimeAndDevice(KafkaBroker broker) throws Exception {
        DeviceEvent failover = DeviceEvent.create(DeviceEvent.Type.FAILOVER, device(), AT, "device-gateway", 42,
                Map.of("mode", "0"), "Wdog swithed: Failover (timeout)");
        RecordMetadata sent;
        // as device-gateway sends: the record itself, serialised by EventSerializer
        try (KafkaProducer<String, DeviceEvent> p = new KafkaProducer<>(producer(broker, "device-gateway"),
                new StringSerializer(), new EventSerializer<>())) {
            sent = p.send(new ProducerRecord<>(Topic.DEVICE_EVENTS.topicName(), failover.deviceId().value(),
                    failover)).get();
        }

        CloudEvent event = readAsCloudEvent(broker, sent);
        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getId()).isEqualTo(failover.id().toString());
        assertThat(event.getSource()).isEqualTo(URI.create("/fosfleet/device-gateway"));
        assertThat(event.getType()).isEqualTo("io.fosfleet.device.events.FAILOVER");
        assertThat(event.getTime().toInstant()).isEqualTo(AT);
        assertThat(event.getSubject()).isEqualTo(failover.deviceId().value());
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(EventJson.fromBytes(event.getData().toBytes(), DeviceEvent.class)).isEqualTo(failover);
    }

    @Test
    void aRecordSentAsJsonBytesOrTextFromAnOutboxIsACloudEventToo(KafkaBroker broker) throws Exception {
        HeartbeatEvent down = HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, device(), "pair-9", AT,
                "heartbeat-service", "primary pbx-a unhealthy", Map.of());
        Alert alert = Alert.sent(Alert.Channel.MAIL, device(), AT, "alert-service", "noc-mail",
                List.of(UUID.randomUUID()), Alert.Severity.CRITICAL, "failed over", "text", AT.plusSeconds(1));
        RecordMetadata bytes;
        RecordMetadata text;
        // heartbeat-service's outbox sends bytes, config-service's and alert-service's send text
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producer(broker, "hb-0-producer"),
                new StringSerializer(), new ByteArraySerializer())) {
            bytes = p.send(new ProducerRecord<>(Topic.HEARTBEAT_EVENTS.topicName(), down.deviceId().value(),
                    EventJson.toBytes(down))).get();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producer(broker, "alert-service"),
                new StringSerializer(), new StringSerializer())) {
            text = p.send(new ProducerRecord<>(Topic.ALERTS.topicName(), alert.deviceId().value(),
                    EventJson.toJson(alert))).get();
        }

        CloudEvent heartbeat = readAsCloudEvent(broker, bytes);
        assertThat(heartbeat.getId()).isEqualTo(down.id().toString());
        assertThat(heartbeat.getSource()).isEqualTo(URI.create("/fosfleet/heartbeat-service"));
        assertThat(heartbeat.getType()).isEqualTo("io.fosfleet.heartbeat.events.PRIMARY_DOWN");
        assertThat(heartbeat.getTime().toInstant()).isEqualTo(AT);
        assertThat(heartbeat.getSubject()).isEqualTo(down.deviceId().value());

        CloudEvent mail = readAsCloudEvent(broker, text);
        assertThat(mail.getId()).isEqualTo(alert.id().toString());
        assertThat(mail.getType()).isEqualTo("io.fosfleet.alerts.MAIL");
        assertThat(mail.getSource()).isEqualTo(URI.create("/fosfleet/alert-service"));
        assertThat(mail.getDataContentType()).isEqualTo("application/json");
    }

    @Test
    void aServiceTopicsOwnRecordsAndTombstonesGetAFreshIdAndTheTopicsProducer(KafkaBroker broker) throws Exception {
        String key = device().value();
        RecordMetadata firing;
        RecordMetadata tombstone;
        RecordMetadata heartbeat;
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producer(broker, "whatever-client"),
                new StringSerializer(), new StringSerializer())) {
            // its "id" is the receiver's condition, repeated with every update: not an event id
            firing = p.send(new ProducerRecord<>(Topic.ALERT_FIRING.topicName(), key, "{\"id\":\"noc/" + key
                    + "/Failover\",\"firing\":true}")).get();
            tombstone = p.send(new ProducerRecord<>(Topic.HEARTBEAT_KICKS.topicName(), key, null)).get();
            heartbeat = p.send(new ProducerRecord<>(Topic.NODE_HEARTBEATS.topicName(), null, AT.toEpochMilli(), "pbx-a",
                    AT.toString())).get();
        }

        CloudEvent state = readAsCloudEvent(broker, firing);
        assertThat(UUID.fromString(state.getId())).isNotNull();
        assertThat(state.getType()).isEqualTo("io.fosfleet.alert-service.firing");
        assertThat(state.getSource()).isEqualTo(URI.create("/fosfleet/alert-service"));
        assertThat(state.getSubject()).isEqualTo(key);

        Map<String, String> removed = RecordLoopTest.headers(read(broker, tombstone));
        assertThat(removed).containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(CloudEventHeaders.TYPE, "io.fosfleet.heartbeat.kicks.tombstone")
                .containsEntry(CloudEventHeaders.SOURCE, "/fosfleet/heartbeat-service")
                .containsEntry(CloudEventHeaders.SUBJECT, key)
                .containsKeys(CloudEventHeaders.ID, CloudEventHeaders.TIME)
                .doesNotContainKey(CloudEventHeaders.CONTENT_TYPE);

        CloudEvent node = readAsCloudEvent(broker, heartbeat);
        assertThat(node.getType()).isEqualTo("io.fosfleet.node.heartbeats");
        assertThat(node.getDataContentType()).isEqualTo("text/plain");
        assertThat(node.getTime().toInstant()).isEqualTo(AT);
    }

    @Test
    void aDeadLetterKeepsTheCloudEventOfItsSourceOrGetsOneWhenTheSourceHadNone(KafkaBroker broker) throws Exception {
        DeviceEvent event = DeviceEvent.create(DeviceEvent.Type.REACHABLE, device(), AT, "device-gateway", null,
                Map.of(), "answers again");
        RecordMetadata withHeaders;
        RecordMetadata without;
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producer(broker, "device-gateway"),
                new StringSerializer(), new ByteArraySerializer())) {
            withHeaders = p.send(new ProducerRecord<>(Topic.DEVICE_EVENTS.topicName(), event.deviceId().value(),
                    EventJson.toBytes(event))).get();
        }
        // an older producer, or someone's kcat: no headers, and not even JSON
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            without = p.send(new ProducerRecord<>(Topic.DEVICE_EVENTS.topicName(), event.deviceId().value(),
                    "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (DeadLetters letters = new DeadLetters(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), "config-service", "g", (topic, cause) -> { })) {
            letters.send(read(broker, withHeaders), DeadLetters.Cause.FAILED, "column too narrow", 3);
            letters.send(read(broker, without), DeadLetters.Cause.UNREADABLE, "not JSON", 0);
        }

        CloudEvent copy = cloudEvent(RecordLoopTest.deadLetter(broker, Topic.DEVICE_EVENTS_DLQ, withHeaders.offset(),
                withHeaders.partition()));
        assertThat(copy.getId()).as("the same event, dead-lettered").isEqualTo(event.id().toString());
        assertThat(copy.getType()).isEqualTo("io.fosfleet.device.events.REACHABLE");
        assertThat(copy.getSource()).isEqualTo(URI.create("/fosfleet/device-gateway"));

        CloudEvent unreadable = cloudEvent(RecordLoopTest.deadLetter(broker, Topic.DEVICE_EVENTS_DLQ, without.offset(),
                without.partition()));
        assertThat(unreadable.getType()).isEqualTo("io.fosfleet.device.events.dlq");
        assertThat(unreadable.getSource()).isEqualTo(URI.create("/fosfleet/config-service-dead-letters"));
        assertThat(unreadable.getDataContentType()).isEqualTo("text/plain");
        assertThat(unreadable.getTime().toInstant()).isCloseTo(Instant.now(), within(10, ChronoUnit.MINUTES));
    }

    private static Map<String, Object> producer(KafkaBroker broker, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return CloudEventHeaders.addTo(props);
    }

    private static CloudEvent readAsCloudEvent(KafkaBroker broker, RecordMetadata at) {
        return cloudEvent(read(broker, at));
    }

    /** Through the SDK's own Kafka deserializer, as a NOC's CloudEvents consumer reads it. */
    private static CloudEvent cloudEvent(ConsumerRecord<?, byte[]> record) {
        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            return sdk.deserialize(record.topic(), record.headers(), record.value());
        }
    }

    private static ConsumerRecord<String, byte[]> read(KafkaBroker broker, RecordMetadata at) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(at.topic(), at.partition());
            c.assign(List.of(tp));
            c.seek(tp, at.offset());
            @SuppressWarnings("unchecked")
            ConsumerRecord<String, byte[]>[] found = new ConsumerRecord[1];
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() == at.offset()) {
                        found[0] = r;
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    private static DeviceId device() {
        return DeviceId.of("fos-ce-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
