package io.fosfleet.examples.noc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns fosfleet records into failover lines. Reads the JSON the contract describes (events/asyncapi.yaml and
 * events/schemas), not fosfleet's Java classes, and follows its evolution rules: fields it does not know are ignored,
 * a type it does not know is passed over.
 *
 * <p>A failover is a {@code FAILOVER} record on {@code fos.device.events}: the device's watchdog ran out and it
 * switched the lines to the secondary. The line names the pair and why, from the last {@code PRIMARY_DOWN} that
 * heartbeat-service reported for the same device on {@code fos.heartbeat.events}:
 *
 * <pre>
 * 2026-12-07T01:02:03Z FAILOVER fos-rack7.u12 pair pbx-pair-1: Wdog swithed: Failover (timeout) | primary down since 2026-12-07T01:01:55Z: primary pbx-a unhealthy: 3 SIP OPTIONS probes failed
 * </pre>
 */
final class FailoverLines {

    static final String DEVICE_EVENTS = "fos.device.events";
    static final String HEARTBEAT_EVENTS = "fos.heartbeat.events";
    /** Devices remembered with their last PRIMARY_DOWN; the oldest is forgotten beyond this. */
    static final int MAX_DEVICES = 100_000;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, JsonNode> primaryDown = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > MAX_DEVICES;
        }
    };

    /** The line to print for this record, if it is a failover. A tombstone (null value) is passed over. */
    Optional<String> accept(String topic, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        JsonNode record;
        try {
            record = json.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        String type = record.path("type").asText();
        String device = record.path("deviceId").asText();
        if (topic.equals(HEARTBEAT_EVENTS)) {
            if (type.equals("PRIMARY_DOWN")) {
                primaryDown.put(device, record);
            } else if (type.equals("PRIMARY_UP") || type.equals("STOPPED")) {
                primaryDown.remove(device);
            }
            return Optional.empty();
        }
        if (!topic.equals(DEVICE_EVENTS) || !type.equals("FAILOVER")) {
            return Optional.empty();
        }
        JsonNode down = primaryDown.get(device);
        StringBuilder line = new StringBuilder()
                .append(record.path("occurredAt").asText()).append(" FAILOVER ").append(device);
        if (down != null) {
            line.append(" pair ").append(down.path("pairId").asText());
        }
        line.append(": ").append(record.path("message").asText());
        if (down != null) {
            line.append(" | primary down since ").append(down.path("occurredAt").asText()).append(": ")
                    .append(down.path("message").asText());
        }
        return Optional.of(line.toString());
    }
}
