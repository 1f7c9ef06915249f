package io.fosfleet.config;

import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Records no consumer can stop: a scan result of many devices is stored whole, a record that cannot be stored goes
 * to the dead letters with its reason and source offset, and the next command result on the same partition completes
 * within seconds; a record that meets a busy database waits for it instead of going to the dead letters.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class IngestAbuseTest {

    private static final Duration SECONDS = Duration.ofSeconds(20);

    /** The tests run on H2, the default database kind. */
    @Inject
    @io.quarkus.agroal.DataSource("h2")
    DataSource dataSource;

    @Test
    void aScanThatFindsTwentyDevicesCompletesWithEveryDeviceInItsDetails() {
        String commandId = operator().body(Map.of("parameters", Map.of("range", "192.0.2.1-192.0.2.40"),
                "reason", "inventory of rack 7")).post("/api/commands/scan").then().statusCode(202)
                .extract().path("commandId");
        DeviceCommand scan = awaitCommand(commandId);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("found", "20");
        details.put("scanned", "40 hosts");
        for (int i = 1; i <= 20; i++) {
            String p = "dev" + i + ".";
            details.put(p + "address", "192.0.2." + i);
            details.put(p + "netmask", "255.255.255.0");
            details.put(p + "gateway", "192.0.2.254");
            details.put(p + "httpPort", "80");
            details.put(p + "firmware", "1.12");
            details.put(p + "mode", "OPERATIONAL");
            details.put(p + "dhcp", "0");
            details.put(p + "mac", String.format("00:19:32:00:07:%02X", i));
        }
        assertThat(EventJson.toJson(details).length()).isGreaterThan(4000);

        Topics.publish(Topic.COMMAND_RESULTS, CommandResult.done(scan, Instant.now(), "device-gateway",
                "found 20 devices", details));

        await().atMost(SECONDS).untilAsserted(() -> viewer().get("/api/commands/" + commandId).then()
                .statusCode(200).body("status", equalTo("DONE")).body("details.found", equalTo("20"))
                .body("details.'dev20.mac'", equalTo("00:19:32:00:07:14")));
    }

    @Test
    void aResultThatCannotBeStoredIsDeadLetteredAndTheNextResultOnItsPartitionCompletes() throws Exception {
        String deviceId = createDevice();
        String first = operator().body(Map.of("type", "PING")).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202).extract().path("commandId");
        String second = operator().body(Map.of("type", "PING")).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202).extract().path("commandId");
        DeviceCommand ping = awaitCommand(first);
        double before = deadLettered("fos.device.command-results", "unreadable");

        // a message far over the documented 1000 characters: the column would refuse it
        String poison = EventJson.toJson(CommandResult.failed(ping, Instant.now(), "device-gateway",
                CommandResult.Failure.UNREACHABLE, "no answer")).replace("\"no answer\"",
                "\"" + "no answer; ".repeat(500) + "\"");
        RecordMetadata at = publishRaw(Topic.COMMAND_RESULTS, deviceId, poison);
        Topics.publish(Topic.COMMAND_RESULTS, CommandResult.done(awaitCommand(second), Instant.now(),
                "device-gateway", "pong in 3 ms", Map.of("rtt", "3ms")));

        await().atMost(SECONDS).untilAsserted(() -> viewer().get("/api/commands/" + second).then()
                .statusCode(200).body("status", equalTo("DONE")));
        viewer().get("/api/commands/" + first).then().body("status", equalTo("PENDING"));
        ConsumerRecord<String, String> letter = await().atMost(SECONDS).until(() -> deadLetter(at), r -> r != null);
        Map<String, String> headers = Arrays.stream(letter.headers().toArray()).collect(Collectors.toMap(
                h -> h.key(), h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
        assertThat(letter.value()).isEqualTo(poison);
        assertThat(letter.key()).isEqualTo(deviceId);
        assertThat(headers).containsEntry("fos.dlq.topic", "fos.device.command-results")
                .containsEntry("fos.dlq.cause", "unreadable")
                .containsEntry("fos.dlq.group", "config-service");
        assertThat(headers.get("fos.dlq.reason")).contains("message: has 5500 characters, at most 1000 allowed");
        await().atMost(SECONDS).until(() -> deadLettered("fos.device.command-results", "unreadable") > before);
    }

    @Test
    void aDeviceStateWithLongValuesIsStoredWhole() {
        String deviceId = createDevice();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            values.put("key" + i, "v".repeat(900));
        }
        Instant now = Instant.now();
        Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(DeviceId.of(deviceId), now, "device-gateway", now,
                true, false, values));
        Topics.publish(Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.DRIFT_DETECTED, DeviceId.of(deviceId),
                now, "device-gateway", null, values, "drift in 40 keys"));
        await().atMost(SECONDS).untilAsserted(() -> viewer().get("/api/history?deviceId=" + deviceId).then()
                .statusCode(200).body("find { it.type == 'DRIFT_DETECTED' }.details.key39", equalTo("v".repeat(900))));
        await().atMost(SECONDS).untilAsserted(() -> viewer().get("/api/fleet/" + deviceId).then()
                .statusCode(200).body("values.key39", equalTo("v".repeat(900))));
        assertThat(deadLettered("fos.device.state", "failed")).isZero();
    }

    /** The service's count of dead-lettered records of a topic, from its metrics. */
    /** {@code fosfleet_records_store_retries_total}: tries that failed and are tried again. */
    static double storeRetries(String topic, String reason) {
        String metrics = viewer().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("fosfleet_records_store_retries_total{") && l.contains("topic=\"" + topic
                        + "\"") && l.contains("reason=\"" + reason + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static double deadLettered(String topic, String reason) {
        String metrics = viewer().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("fosfleet_records_dead_lettered_total{") && l.contains("topic=\"" + topic
                        + "\"") && l.contains("reason=\"" + reason + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aResultThatMeetsALockedCommandRowWaitsForTheLockAndIsNotDeadLettered() throws Exception {
        String deviceId = createDevice();
        String commandId = operator().body(Map.of("type", "PING")).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202).extract().path("commandId");
        DeviceCommand ping = awaitCommand(commandId);
        RecordMetadata at;
        // Another transaction holds the command's row. Every try to store the result waits for the lock until the
        // database gives up on it (H2: after 1 s). The lock is let go only after three such tries, which would have
        // dead-lettered the result if a busy database counted as a broken record.
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select id from command where id = ? for update")) {
                lock.setString(1, commandId);
                assertThat(lock.executeQuery().next()).isTrue();
            }
            double before = storeRetries("fos.device.command-results", "database_away");
            at = Topics.publishAt(Topic.COMMAND_RESULTS, CommandResult.done(ping, Instant.now(), "device-gateway",
                    "pong in 2 ms", Map.of("rtt", "2ms")));
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> storeRetries("fos.device.command-results", "database_away") >= before + 3);
            viewer().get("/api/commands/" + commandId).then().statusCode(200).body("status", equalTo("PENDING"));
            holder.rollback();
        }

        await().atMost(SECONDS).untilAsserted(() -> viewer().get("/api/commands/" + commandId).then()
                .statusCode(200).body("status", equalTo("DONE")).body("message", equalTo("pong in 2 ms")));
        assertThat(deadLetter(at)).isNull();
    }


    private static DeviceCommand awaitCommand(String commandId) {
        return await().atMost(SECONDS).until(() -> Topics.matching(Topic.DEVICE_COMMANDS, DeviceCommand.class,
                c -> c.commandId().toString().equals(commandId)).stream().findFirst().orElse(null), c -> c != null);
    }

    private static RecordMetadata publishRaw(Topic topic, String key, String json) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            return p.send(new ProducerRecord<>(topic.topicName(), key, json)).get();
        }
    }

    /** The dead letter of the record published at {@code source}, or null while there is none. */
    private static ConsumerRecord<String, String> deadLetter(RecordMetadata source) {
        String dlq = Topic.byName(source.topic()).deadLetters().topicName();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                KafkaBroker.shared().bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(dlq, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Instant until = Instant.now().plusSeconds(5);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && Instant.now().isBefore(until)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    String partition = header(r, "fos.dlq.partition");
                    String offset = header(r, "fos.dlq.offset");
                    if (Integer.toString(source.partition()).equals(partition)
                            && Long.toString(source.offset()).equals(offset)) {
                        return r;
                    }
                }
            }
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
