package io.fosfleet.testing;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventDeserializer;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void recordsProducedWithOneKeyAreConsumedInOrderByAGroupMember(KafkaBroker broker) throws Exception {
        String topic = "test.strings." + UUID.randomUUID();
        createTopic(broker, topic, 3, Map.of());

        try (KafkaProducer<String, String> producer = producer(broker, new StringSerializer())) {
            for (String value : List.of("one", "two", "three")) {
                producer.send(new ProducerRecord<>(topic, "fos-1", value)).get();
            }
        }

        assertThat(consume(broker, topic, 3, new StringDeserializer())).extracting(ConsumerRecord::value)
                .containsExactly("one", "two", "three");
    }

    @Test
    void desiredConfigurationTravelsThroughItsCompactedTopicAsJson(KafkaBroker broker) throws Exception {
        String topic = Topic.CONFIG.topicName();
        createTopic(broker, topic, 1, Topic.CONFIG.config());
        DeviceId device = DeviceId.of("fos-1");
        Instant now = Instant.now();
        DeviceConfig config = new DeviceConfig(device, "Rack 1", "00:50:C2:00:00:01", "127.0.0.1", 8080, null, null, null,
                Duration.ofSeconds(10), Map.of("wdogitime", "60"), DeviceConfig.DriftPolicy.REPORT);
        List<ConfigRecord> sent = List.of(ConfigRecord.desired(config, null, now, "config-service"),
                ConfigRecord.deleted(device, now.plusSeconds(1), "config-service"));

        try (KafkaProducer<String, ConfigRecord> producer = producer(broker, new EventSerializer<>())) {
            for (ConfigRecord record : sent) {
                producer.send(new ProducerRecord<>(topic, record.deviceId().value(), record)).get();
            }
        }

        List<ConsumerRecord<String, Envelope>> received = consume(broker, topic, 2, new EventDeserializer<>());
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::key).containsOnly("fos-1");
        try (Admin admin = admin(broker)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void aDeviceEventIsReadBackByATypedDeserializer(KafkaBroker broker) throws Exception {
        String topic = Topic.DEVICE_EVENTS.topicName();
        createTopic(broker, topic, 3, Topic.DEVICE_EVENTS.config());
        DeviceEvent event = DeviceEvent.create(DeviceEvent.Type.FAILOVER, DeviceId.of("fos-2"), Instant.now(),
                "device-gateway", 42, Map.of("mode", "0"), "Wdog swithed: Failover (timeout)");

        try (KafkaProducer<String, DeviceEvent> producer = producer(broker, new EventSerializer<>())) {
            producer.send(new ProducerRecord<>(topic, event.deviceId().value(), event)).get();
        }

        assertThat(consume(broker, topic, 1, new EventDeserializer<>(DeviceEvent.class)))
                .extracting(ConsumerRecord::value).containsExactly(event);
    }

    @Test
    void aBrokerOfItsOwnStopsAndLeavesNothingBehind() {
        KafkaBroker broker = KafkaBroker.start(0, KafkaBroker.defaultDataRoot().resolve("standalone"));
        String[] hostPort = broker.bootstrapServers().split(":");
        assertThat(broker.dataDir()).isDirectory();

        broker.close();
        broker.close();

        assertThat(broker.dataDir()).doesNotExist();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void aStoppedBrokerComesBackOnItsPortWithItsRecords() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(0, KafkaBroker.defaultDataRoot().resolve("restart"))) {
            String topic = "test.restart";
            createTopic(broker, topic, 1, Map.of());
            try (KafkaProducer<String, String> producer = producer(broker, new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "fos-1", "before the outage")).get();
            }

            broker.stop();
            broker.restart();

            try (KafkaProducer<String, String> producer = producer(broker, new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "fos-1", "after the outage")).get();
            }
            assertThat(consume(broker, topic, 2, new StringDeserializer())).extracting(ConsumerRecord::value)
                    .containsExactly("before the outage", "after the outage");
        }
    }

    private static void createTopic(KafkaBroker broker, String topic, int partitions, Map<String, String> config)
            throws Exception {
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config))).all().get();
        }
    }

    private static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    private static <V> KafkaProducer<String, V> producer(KafkaBroker broker, Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), values);
    }

    /** Reads as a member of a fresh KIP-848 consumer group, as the services do. */
    private static <V> List<ConsumerRecord<String, V>> consume(KafkaBroker broker, String topic, int count,
                                                               Deserializer<V> values) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> received = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }
}
