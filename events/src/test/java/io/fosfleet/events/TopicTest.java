package io.fosfleet.events;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTest {

    @Test
    void namesAreThoseOfTheDesign() {
        assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).containsExactly(
                "fos.config", "fos.device.state", "fos.device.events", "fos.heartbeat.events", "fos.device.commands",
                "fos.device.command-results", "fos.alerts", "fos.node.heartbeats");
    }

    @Test
    void desiredConfigurationAndStateAreCompactedTheRestExpires() {
        assertThat(Arrays.stream(Topic.values()).filter(Topic::compacted)).containsExactly(Topic.CONFIG, Topic.DEVICE_STATE);
        assertThat(Topic.CONFIG.config()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(Topic.ALERTS.config()).isEqualTo(Map.of("cleanup.policy", "delete"));
    }

    @Test
    void eachTopicCarriesOneRecordType() {
        assertThat(Topic.CONFIG.valueType()).isEqualTo(ConfigRecord.class);
        assertThat(Topic.COMMAND_RESULTS.valueType()).isEqualTo(CommandResult.class);
        assertThat(Arrays.stream(Topic.values()).map(Topic::valueType).distinct()).hasSize(Topic.values().length);
    }

    @Test
    void findsATopicByItsNameAndListsTheKnownOnesOtherwise() {
        assertThat(Topic.byName("fos.device.command-results")).isEqualTo(Topic.COMMAND_RESULTS);
        assertThatThrownBy(() -> Topic.byName("fos.device.event"))
                .hasMessageStartingWith("unknown topic \"fos.device.event\"; known: fos.config, fos.device.state");
    }
}
