package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import io.fosfleet.kafka.KafkaClients.GroupTiming;
import io.fosfleet.kafka.KafkaClients.ProducerTiming;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What each kind of client gets from {@link KafkaClients}, and topic creation against the real in-process broker. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaClientsTest {

    /** A connection as a secured deployment configures it: SASL/SCRAM over TLS, a JAAS config holding a password. */
    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "kafka-0.kafka:9093,kafka-1.kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"device-gateway\" password=\"s3cret\";",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "ssl.truststore.type", "PKCS12",
            "ssl.truststore.password", "changeit",
            "ssl.keystore.location", "/etc/kafka/client.p12",
            "ssl.keystore.password", "changeit");

    private final KafkaClients secured = new KafkaClients(SECURED);

    @Test
    void everyKindOfClientCarriesTheConnectionAndItsSecuritySettingsUntouched() {
        List<Map<String, Object>> configs = List.of(
                secured.producerConfig("p", Duration.ofSeconds(5), Duration.ofSeconds(30)),
                secured.producerConfig("p", new ProducerTiming(Duration.ofMillis(2), Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofSeconds(15))),
                secured.groupConsumerConfig("c", "g", "earliest", GroupTiming.BROKER_ASSIGNED, 100),
                secured.groupConsumerConfig("c", "g", "earliest", GroupTiming.classic(Duration.ofSeconds(2),
                        Duration.ofMillis(500)), 100, IsolationLevel.READ_COMMITTED),
                secured.readerConfig("r"));
        for (Map<String, Object> config : configs) {
            assertThat(config).containsAllEntriesOf(SECURED);
        }
        assertThat(secured.connection()).isEqualTo(SECURED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProducerNeitherLosesNorReordersAndPutsCloudEventHeadersOnItsRecords() {
        Map<String, Object> p = secured.producerConfig("heartbeat-1-producer", new ProducerTiming(Duration.ofMillis(5),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertThat(p).containsEntry("client.id", "heartbeat-1-producer")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("max.in.flight.requests.per.connection", 5)
                .containsEntry("linger.ms", 5)
                .containsEntry("max.block.ms", 2000)
                .containsEntry("request.timeout.ms", 5000)
                .containsEntry("delivery.timeout.ms", 15000);
        assertThat((List<Object>) p.get("interceptor.classes")).contains(CloudEventHeaders.class);

        // the short form: linger 5 ms, a request at most 10 s and never longer than the delivery allows
        assertThat(secured.producerConfig("x", Duration.ofSeconds(1), Duration.ofSeconds(8)))
                .containsEntry("linger.ms", 5).containsEntry("max.block.ms", 1000)
                .containsEntry("request.timeout.ms", 7995).containsEntry("delivery.timeout.ms", 8000);
        assertThat(ProducerTiming.clientDefaults(Duration.ofMillis(2))).isEqualTo(new ProducerTiming(
                Duration.ofMillis(2), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120)));
        assertThatThrownBy(() -> new ProducerTiming(Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(10)))
                .hasMessage("delivery timeout PT10S must be at least linger PT0.005S plus request timeout PT10S");
    }

    @Test
    void aGroupConsumerCommitsByHandWithItsServicesGroupTiming() {
        Map<String, Object> classic = secured.groupConsumerConfig("hb-config", "heartbeat-service", "earliest",
                GroupTiming.classic(Duration.ofSeconds(2), Duration.ofMillis(500)), 500, IsolationLevel.READ_COMMITTED);
        assertThat(classic).containsEntry("client.id", "hb-config")
                .containsEntry("group.id", "heartbeat-service")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("max.poll.records", 500)
                .containsEntry("group.protocol", "classic")
                .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
                .containsEntry("session.timeout.ms", 2000)
                .containsEntry("heartbeat.interval.ms", 500)
                .containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.remote.assignor");

        Map<String, Object> brokerAssigned = secured.groupConsumerConfig("gw", "device-gateway", "earliest",
                GroupTiming.brokerAssigned("range"), 500);
        assertThat(brokerAssigned).containsEntry("group.protocol", "consumer")
                .containsEntry("group.remote.assignor", "range")
                .doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy",
                        "isolation.level");
        assertThat(secured.groupConsumerConfig("a", "b", "latest", GroupTiming.BROKER_ASSIGNED, 10))
                .containsEntry("group.protocol", "consumer").doesNotContainKey("group.remote.assignor");
    }

    @Test
    void aReaderBelongsToNoGroupEvenWhenTheConnectionNamesOne() {
        Map<String, Object> withGroup = new HashMap<>(SECURED);
        withGroup.put("group.id", "left-over");
        Map<String, Object> r = new KafkaClients(withGroup).readerConfig("gw-history");
        assertThat(r).doesNotContainKey("group.id")
                .containsEntry("client.id", "gw-history")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void groupTimingRefusesWhatTheGroupProtocolCannotDo() {
        assertThatThrownBy(() -> new GroupTiming("eager", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group protocol must be classic or consumer, not eager");
        assertThatThrownBy(() -> new GroupTiming("consumer", Optional.of(Duration.ofSeconds(3)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the consumer group protocol takes its timing from the broker");
        assertThatThrownBy(() -> new GroupTiming("classic", Optional.empty(), Optional.empty(), Optional.of("range")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a remote assignor needs the consumer group protocol");
        assertThatThrownBy(() -> GroupTiming.classic(Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heartbeat interval PT2S must be shorter than the session timeout PT2S");
        assertThatThrownBy(() -> GroupTiming.classic(Duration.ZERO, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(GroupTiming.classic(Duration.ofSeconds(6), Duration.ofSeconds(2)).protocol()).isEqualTo("classic");
    }

    @Test
    void aConnectionWithoutBootstrapServersIsRefused() {
        Map<String, Object> noBootstrap = new HashMap<>(SECURED);
        noBootstrap.remove("bootstrap.servers");
        assertThatThrownBy(() -> new KafkaClients(noBootstrap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka.bootstrap.servers is not set");
    }

    @Test
    void createTopicsMakesTheMissingCatalogueTopicsWithTheirOwnConfigAndNamesOneItCannotCreate(KafkaBroker broker)
            throws Exception {
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", broker.bootstrapServers()));
        Topic fresh = Topic.ALERTS_DLQ;   // no other test of this module uses it
        try (Admin admin = clients.admin("test-admin")) {
            try {
                admin.deleteTopics(List.of(fresh.topicName())).all().get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(UnknownTopicOrPartitionException.class);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(fresh.topicName()));

            assertThatThrownBy(() -> clients.createTopics("test", List.of(fresh), Optional.of(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot create topic " + fresh.topicName() + ": ");

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    clients.createTopics("test", List.of(fresh, Topic.CONFIG, Topic.ALERT_SILENCES), Optional.of(3)));
            // again: every topic exists now, which is fine
            clients.createTopics("test", List.of(fresh, Topic.CONFIG, Topic.ALERT_SILENCES), Optional.of(3));

            Map<String, TopicDescription> described = admin.describeTopics(List.of(fresh.topicName(),
                    Topic.ALERT_SILENCES.topicName())).allTopicNames().get();
            assertThat(described.get(fresh.topicName()).partitions()).hasSize(3);
            assertThat(described.get(Topic.ALERT_SILENCES.topicName()).partitions()).hasSize(1);
            var dlq = new ConfigResource(ConfigResource.Type.TOPIC, fresh.topicName());
            var config = new ConfigResource(ConfigResource.Type.TOPIC, Topic.CONFIG.topicName());
            var configs = admin.describeConfigs(List.of(dlq, config)).all().get();
            assertThat(configs.get(dlq).get("retention.ms").value()).isEqualTo("2592000000");
            assertThat(configs.get(config).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void aProducerAndABrokerAssignedGroupConsumerWorkAgainstTheBroker(KafkaBroker broker) {
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", broker.bootstrapServers()));
        clients.createTopics("test", List.of(Topic.HEARTBEAT_EVENTS_DLQ), Optional.of(2));
        String key = "dev-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = clients.producer("test-producer",
                ProducerTiming.clientDefaults(Duration.ofMillis(2)), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = clients.groupConsumer("test-consumer",
                     "kafka-clients-test-" + UUID.randomUUID(), "earliest", GroupTiming.brokerAssigned("range"), 10)) {
            producer.send(new ProducerRecord<>(Topic.HEARTBEAT_EVENTS_DLQ.topicName(), key,
                    "not json".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            consumer.subscribe(List.of(Topic.HEARTBEAT_EVENTS_DLQ.topicName()));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> r = seen.stream().filter(x -> key.equals(x.key())).findFirst().orElseThrow();
            assertThat(new String(r.headers().lastHeader(CloudEventHeaders.CONTENT_TYPE).value(),
                    StandardCharsets.UTF_8)).isEqualTo(CloudEventHeaders.TEXT);
            assertThat(consumer.assignment()).contains(new TopicPartition(Topic.HEARTBEAT_EVENTS_DLQ.topicName(), 0),
                    new TopicPartition(Topic.HEARTBEAT_EVENTS_DLQ.topicName(), 1));
        }
    }
}
