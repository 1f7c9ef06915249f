package io.fosfleet.events;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The evolution rules of events/README.md, replayed through the Kafka deserialiser every consumer uses:
 * {@code evolution/v1} holds records exactly as this version's writers wrote them (frozen: they must stay readable for
 * as long as the major version lasts), {@code evolution/v2} records as a newer minor version may write them: more
 * fields, and enum values this version does not know.
 */
class EvolutionTest {

    private final EventDeserializer<Envelope> consumer = new EventDeserializer<>();

    @Test
    void everyRecordThePreviousVersionWroteIsStillReadAndWrittenTheSameWay() throws IOException {
        for (Topic topic : Topic.records()) {
            List<String> lines = lines("v1", topic);
            assertThat(lines).as(topic.topicName()).isNotEmpty();
            for (String line : lines) {
                Envelope read = consumer.deserialize(topic.topicName(), line.getBytes(StandardCharsets.UTF_8));
                assertThat(read.schemaVersion()).isEqualTo(1);
                assertThat(EventJson.toJson(read)).as("written back unchanged").isEqualTo(line);
            }
        }
    }

    @Test
    void aNewerVersionsEventsAreReadWithTheirNewFieldsIgnoredAndNewEnumValuesAsUnknown() throws IOException {
        List<DeviceEvent> events = read("v2", Topic.DEVICE_EVENTS, DeviceEvent.class);
        assertThat(events).extracting(DeviceEvent::type).containsExactly(DeviceEvent.Type.UNKNOWN,
                DeviceEvent.Type.FAILOVER);
        assertThat(events.get(0).syslogCode()).as("a new type's syslog code is kept").isEqualTo(44);
        assertThat(events.get(0).message()).isEqualTo("watchdog runs out in 12 s");
        assertThat(events.get(1).schemaVersion()).isEqualTo(2);
        assertThat(events.get(1).details()).containsEntry("mode", "0");

        assertThat(read("v2", Topic.HEARTBEAT_EVENTS, HeartbeatEvent.class)).extracting(HeartbeatEvent::type)
                .containsExactly(HeartbeatEvent.Type.UNKNOWN, HeartbeatEvent.Type.PRIMARY_DOWN);

        Alert alert = read("v2", Topic.ALERTS, Alert.class).get(0);
        assertThat(alert.type()).isEqualTo(Alert.Channel.UNKNOWN);
        assertThat(alert.severity()).isEqualTo(Alert.Severity.UNKNOWN);
        assertThat(alert.eventIds()).containsExactly(UUID.fromString("0b7f2f0e-6a55-4d3c-9a64-1d2f6f1b7a02"));

        List<KickSummary> kicks = read("v2", Topic.HEARTBEAT_KICKS, KickSummary.class);
        assertThat(kicks.get(0).notKicking()).isEqualTo(KickSummary.NotKicking.UNKNOWN);
        assertThat(kicks.get(1).type()).isEqualTo(KickSummary.Type.UNKNOWN);
        assertThat(kicks.get(1).kicking()).isTrue();

        List<CommandResult> results = read("v2", Topic.COMMAND_RESULTS, CommandResult.class);
        assertThat(results.get(0).failure()).isEqualTo(CommandResult.Failure.UNKNOWN);
        assertThat(results.get(0).outcome()).isEqualTo(CommandResult.Outcome.FAILED);
        assertThat(results.get(1).outcome()).isEqualTo(CommandResult.Outcome.UNKNOWN);

        assertThat(read("v2", Topic.DEVICE_STATE, DeviceState.class).get(0).values()).containsEntry("mode", "1");
        assertThat(read("v2", Topic.CONFIG, ConfigRecord.class).get(0).type()).isEqualTo(ConfigRecord.Type.DELETED);
        assertThat(read("v2", Topic.DEVICE_COMMANDS, DeviceCommand.class).get(0).type())
                .isEqualTo(DeviceCommand.Type.PING);
    }

    @Test
    void anOrderWithAValueThisVersionDoesNotKnowIsRefusedNotHalfCarriedOut() {
        String command = EventJson.toJson(Samples.switchRelay()).replace("\"SWITCH_RELAY\"", "\"SELF_DESTRUCT\"");
        assertThatThrownBy(() -> consumer.deserialize(Topic.DEVICE_COMMANDS.topicName(),
                command.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("type: \"SELF_DESTRUCT\" is not allowed");

        String config = EventJson.toJson(Samples.desired()).replace("\"ENFORCE\"", "\"ENFORCE_QUIETLY\"");
        assertThatThrownBy(() -> consumer.deserialize(Topic.CONFIG.topicName(),
                config.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("device.driftPolicy: \"ENFORCE_QUIETLY\" is not allowed; allowed: ENFORCE, REPORT");
    }

    @Test
    void unknownIsOnlyEverReadNeverWritten() {
        DeviceEvent unknown = EventJson.fromJson(EventJson.toJson(Samples.failover())
                .replace("\"FAILOVER\"", "\"FAILOVER_PREDICTED\"").replace("\"syslogCode\":42,", ""), DeviceEvent.class);
        assertThat(unknown.type()).isEqualTo(DeviceEvent.Type.UNKNOWN);

        assertThatThrownBy(() -> EventJson.toJson(unknown))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("Type UNKNOWN is what a reader makes of a value it does not know; it is never"
                        + " written");
        assertThatThrownBy(() -> new EventSerializer<>().serialize(Topic.DEVICE_EVENTS.topicName(), unknown))
                .isInstanceOf(SerializationException.class);
    }

    private <T> List<T> read(String version, Topic topic, Class<T> type) throws IOException {
        return lines(version, topic).stream()
                .map(l -> type.cast(consumer.deserialize(topic.topicName(), l.getBytes(StandardCharsets.UTF_8))))
                .toList();
    }

    private static List<String> lines(String version, Topic topic) throws IOException {
        String path = "/evolution/" + version + "/" + topic.topicName() + ".jsonl";
        try (InputStream in = EvolutionTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
