package io.fosfleet.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue of every Kafka topic fosfleet uses: name, kind, cleanup policy and, for record topics, the record
 * type. Every record is keyed by its device id, so all of a device's records stay in one partition, in order.
 *
 * <p>Each record topic {@code <name>} has a dead-letter topic {@code <name>.dlq}: a consumer that cannot read or
 * process a record copies it there (key, value and headers unchanged, plus headers saying why and where it came from)
 * and moves on.
 */
public enum Topic {
    CONFIG("fos.config", true, ConfigRecord.class, "config-service",
            List.of("device-gateway", "heartbeat-service", "alert-service")),
    /** Read by config-service, and by device-gateway for a device's last state when it takes the device over. */
    DEVICE_STATE("fos.device.state", true, DeviceState.class, "device-gateway",
            List.of("config-service", "device-gateway")),
    DEVICE_EVENTS("fos.device.events", false, DeviceEvent.class, "device-gateway",
            List.of("config-service", "alert-service")),
    HEARTBEAT_EVENTS("fos.heartbeat.events", false, HeartbeatEvent.class, "heartbeat-service",
            List.of("config-service", "alert-service")),
    /** config-service, and heartbeat-service for a fast failover. */
    DEVICE_COMMANDS("fos.device.commands", Kind.RECORDS, false, DeviceCommand.class, null, null, "config-service",
            List.of("heartbeat-service"), List.of("device-gateway", "config-service")),
    /** Read by config-service, and by device-gateway for the results it already gave when it takes a device over. */
    COMMAND_RESULTS("fos.device.command-results", false, CommandResult.class, "device-gateway",
            List.of("config-service", "device-gateway")),
    /** Read back by alert-service itself (what it sent before a restart). */
    ALERTS("fos.alerts", false, Alert.class, "alert-service", List.of("alert-service")),
    /** heartbeat-service: the latest kick summary per pair, on change and every few seconds while kicked. */
    HEARTBEAT_KICKS("fos.heartbeat.kicks", true, KickSummary.class, "heartbeat-service", List.of("config-service")),

    CONFIG_DLQ(CONFIG),
    DEVICE_STATE_DLQ(DEVICE_STATE),
    DEVICE_EVENTS_DLQ(DEVICE_EVENTS),
    HEARTBEAT_EVENTS_DLQ(HEARTBEAT_EVENTS),
    DEVICE_COMMANDS_DLQ(DEVICE_COMMANDS),
    COMMAND_RESULTS_DLQ(COMMAND_RESULTS),
    ALERTS_DLQ(ALERTS),
    HEARTBEAT_KICKS_DLQ(HEARTBEAT_KICKS),

    /** alert-service: notifications that used up their delivery retries, with the reason (its own JSON). */
    ALERT_NOTIFICATIONS_FAILED("fos.alerts.dead-letter", Kind.SERVICE, false, null, "alert-service", List.of(),
            List.of("alert-service")),
    /** alert-service: the silences, keyed by silence id; one partition, read whole by every replica. */
    ALERT_SILENCES("fos.alert-service.silences", Kind.SERVICE, true, 1, "alert-service", List.of(),
            List.of("alert-service")),
    /** alert-service: per receiver and condition whether its firing notification went out. */
    ALERT_FIRING("fos.alert-service.firing", Kind.SERVICE, true, 1, "alert-service", List.of(),
            List.of("alert-service")),
    /**
     * heartbeat-service: PBX nodes' passive heartbeats, key = node id, header {@code authorization} = the node's own
     * token; the value is not read. Written by the nodes ({@value #PBX_NODE}) and by heartbeat-service (the heartbeats
     * it received over REST). Never dead-lettered: a record without a valid token is counted and not believed.
     */
    NODE_HEARTBEATS("fos.node.heartbeats", Kind.SERVICE, false, null, "heartbeat-service", List.of("pbx-node"),
            List.of("heartbeat-service"));

    /** What a topic holds. */
    public enum Kind {
        /** fosfleet records of one type ({@link #valueType()}). */
        RECORDS,
        /** Records of another topic ({@link #source()}) that a consumer could not read or process. */
        DEAD_LETTERS,
        /** One service's own state, in its own format. */
        SERVICE
    }

    /** The writer of PBX nodes' passive heartbeats ({@link #NODE_HEARTBEATS}): the nodes, not a fosfleet service. */
    public static final String PBX_NODE = "pbx-node";
    /** The suffix that makes a record topic's name its dead-letter topic's name. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";
    /** Dead letters are kept this long (30 days) for an operator to inspect and replay them. */
    static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 60 * 60 * 1000;

    private final String topicName;
    private final Kind kind;
    private final boolean compacted;
    private final Class<? extends Envelope> valueType;
    private final Topic source;
    private final Integer partitions;
    private final String producer;
    private final List<String> otherWriters;
    private final List<String> readers;

    Topic(String topicName, boolean compacted, Class<? extends Envelope> valueType, String producer,
          List<String> readers) {
        this(topicName, Kind.RECORDS, compacted, valueType, null, null, producer, List.of(), readers);
    }

    Topic(Topic source) {
        this(source.topicName + DEAD_LETTER_SUFFIX, Kind.DEAD_LETTERS, false, null, source, null, null,
                source.readers, List.of());
    }

    Topic(String topicName, Kind kind, boolean compacted, Integer partitions, String producer,
          List<String> otherWriters, List<String> readers) {
        this(topicName, kind, compacted, null, null, partitions, producer, otherWriters, readers);
    }

    Topic(String topicName, Kind kind, boolean compacted, Class<? extends Envelope> valueType, Topic source,
          Integer partitions, String producer, List<String> otherWriters, List<String> readers) {
        this.topicName = topicName;
        this.kind = kind;
        this.compacted = compacted;
        this.valueType = valueType;
        this.source = source;
        this.partitions = partitions;
        this.producer = producer;
        this.otherWriters = otherWriters;
        this.readers = readers;
    }

    public String topicName() {
        return topicName;
    }

    public Kind kind() {
        return kind;
    }

    /** Compacted topics keep the latest record per key forever; the others are a history that expires. */
    public boolean compacted() {
        return compacted;
    }

    /** The record type of a {@link Kind#RECORDS} topic. */
    public Class<? extends Envelope> valueType() {
        if (valueType == null) {
            throw new IllegalArgumentException("topic \"" + topicName + "\" holds " + kind.name().toLowerCase()
                    .replace('_', ' ') + ", not fosfleet records of one type");
        }
        return valueType;
    }

    /** The partition count the topic must have, when it is not the deployment's own choice. */
    public Optional<Integer> partitions() {
        return Optional.ofNullable(partitions);
    }

    /**
     * The service that writes the topic (the main one where two do); empty for dead-letter topics, which every
     * consuming service writes.
     */
    public Optional<String> producer() {
        return Optional.ofNullable(producer);
    }

    /**
     * Everyone who writes the topic: its {@link #producer()} first, then the others (heartbeat-service's fast failover
     * commands, the PBX nodes' heartbeats); for a dead-letter topic, every service that reads its source.
     */
    public List<String> writers() {
        List<String> writers = new ArrayList<>();
        producer().ifPresent(writers::add);
        writers.addAll(otherWriters);
        return List.copyOf(writers);
    }

    /**
     * The services that read the topic (in a consumer group or whole, outside any group). A service that reads a
     * record topic also writes its dead letters. Nobody reads a dead-letter topic but operators.
     */
    public List<String> readers() {
        return readers;
    }

    /** The dead-letter topic of a record topic. */
    public Topic deadLetters() {
        if (kind != Kind.RECORDS) {
            throw new IllegalArgumentException("topic \"" + topicName + "\" has no dead-letter topic; only record"
                    + " topics have");
        }
        return byName(topicName + DEAD_LETTER_SUFFIX);
    }

    /** For a dead-letter topic, the topic its records came from. */
    public Optional<Topic> source() {
        return Optional.ofNullable(source);
    }

    /** The topic-level configuration to create the topic with. */
    public Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("cleanup.policy", compacted ? "compact" : "delete");
        if (kind == Kind.DEAD_LETTERS) {
            config.put("retention.ms", Long.toString(DEAD_LETTER_RETENTION_MS));
        }
        return Map.copyOf(config);
    }

    /** The topics that carry fosfleet records. */
    public static List<Topic> records() {
        return Arrays.stream(values()).filter(t -> t.kind == Kind.RECORDS).toList();
    }

    public static Topic byName(String topicName) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(topicName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic \"" + topicName + "\"; known: "
                        + Arrays.stream(values()).map(Topic::topicName).collect(Collectors.joining(", "))));
    }
}
