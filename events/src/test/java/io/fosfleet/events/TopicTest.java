package io.fosfleet.events;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTest {

    @Test
    void namesAreThoseOfTheDesign() {
        assertThat(Topic.records().stream().map(Topic::topicName)).containsExactly(
                "fos.config", "fos.device.state", "fos.device.events", "fos.heartbeat.events", "fos.device.commands",
                "fos.device.command-results", "fos.alerts", "fos.heartbeat.kicks");
    }

    @Test
    void everyRecordTopicHasADeadLetterTopicThatExpiresAfterThirtyDays() {
        for (Topic t : Topic.records()) {
            Topic dlq = t.deadLetters();
            assertThat(dlq.topicName()).isEqualTo(t.topicName() + ".dlq");
            assertThat(dlq.kind()).isEqualTo(Topic.Kind.DEAD_LETTERS);
            assertThat(dlq.source()).contains(t);
            assertThat(dlq.config()).isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "2592000000"));
        }
        assertThatThrownBy(() -> Topic.CONFIG_DLQ.deadLetters()).hasMessageContaining("no dead-letter topic");
        assertThatThrownBy(() -> Topic.CONFIG_DLQ.valueType()).hasMessageContaining("holds dead letters");
    }

    @Test
    void alertServiceStateTopicsAreInTheCatalogue() {
        assertThat(Topic.ALERT_SILENCES.topicName()).isEqualTo("fos.alert-service.silences");
        assertThat(Topic.ALERT_SILENCES.compacted()).isTrue();
        assertThat(Topic.ALERT_SILENCES.partitions()).contains(1);
        assertThat(Topic.ALERT_FIRING.topicName()).isEqualTo("fos.alert-service.firing");
        assertThat(Topic.ALERT_NOTIFICATIONS_FAILED.topicName()).isEqualTo("fos.alerts.dead-letter");
    }

    @Test
    void nodeHeartbeatsAreHeartbeatServicesOwnTopic() {
        assertThat(Topic.NODE_HEARTBEATS.topicName()).isEqualTo("fos.node.heartbeats");
        assertThat(Topic.NODE_HEARTBEATS.kind()).isEqualTo(Topic.Kind.SERVICE);
        assertThat(Topic.NODE_HEARTBEATS.compacted()).isFalse();
    }

    @Test
    void desiredConfigurationAndStateAreCompactedTheRestExpires() {
        assertThat(Topic.records().stream().filter(Topic::compacted)).containsExactly(Topic.CONFIG, Topic.DEVICE_STATE,
                Topic.HEARTBEAT_KICKS);
        assertThat(Topic.CONFIG.config()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(Topic.ALERTS.config()).isEqualTo(Map.of("cleanup.policy", "delete"));
    }

    @Test
    void eachTopicCarriesOneRecordType() {
        assertThat(Topic.CONFIG.valueType()).isEqualTo(ConfigRecord.class);
        assertThat(Topic.COMMAND_RESULTS.valueType()).isEqualTo(CommandResult.class);
        assertThat(Topic.records().stream().map(Topic::valueType).distinct()).hasSize(Topic.records().size());
    }

    @Test
    void findsATopicByItsNameAndListsTheKnownOnesOtherwise() {
        assertThat(Topic.byName("fos.device.command-results")).isEqualTo(Topic.COMMAND_RESULTS);
        assertThatThrownBy(() -> Topic.byName("fos.device.event"))
                .hasMessageStartingWith("unknown topic \"fos.device.event\"; known: fos.config, fos.device.state");
    }
}
