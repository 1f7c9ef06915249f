package io.fosfleet.events;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalogue of fosfleet's Kafka topics: name, cleanup policy and record type of each. Every record is keyed by
 * its device id, so all of a device's records stay in one partition, in order.
 */
public enum Topic {
    CONFIG("fos.config", true, ConfigRecord.class),
    DEVICE_STATE("fos.device.state", true, DeviceState.class),
    DEVICE_EVENTS("fos.device.events", false, DeviceEvent.class),
    HEARTBEAT_EVENTS("fos.heartbeat.events", false, HeartbeatEvent.class),
    DEVICE_COMMANDS("fos.device.commands", false, DeviceCommand.class),
    COMMAND_RESULTS("fos.device.command-results", false, CommandResult.class),
    ALERTS("fos.alerts", false, Alert.class),
    /** Nodes' passive heartbeats: key = node name, header authorization = the node's token; the value is not read. */
    NODE_HEARTBEATS("fos.node.heartbeats", false, null);

    private final String topicName;
    private final boolean compacted;
    private final Class<? extends Envelope> valueType;

    Topic(String topicName, boolean compacted, Class<? extends Envelope> valueType) {
        this.topicName = topicName;
        this.compacted = compacted;
        this.valueType = valueType;
    }

    public String topicName() {
        return topicName;
    }

    /** Compacted topics keep the latest record per device forever; the others are a history that expires. */
    public boolean compacted() {
        return compacted;
    }

    public Class<? extends Envelope> valueType() {
        return valueType;
    }

    /** The topic-level configuration to create the topic with. */
    public Map<String, String> config() {
        return Map.of("cleanup.policy", compacted ? "compact" : "delete");
    }

    public static Topic byName(String topicName) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(topicName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic \"" + topicName + "\"; known: "
                        + Arrays.stream(values()).map(Topic::topicName).collect(Collectors.joining(", "))));
    }
}
