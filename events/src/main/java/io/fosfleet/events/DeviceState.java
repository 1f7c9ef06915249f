package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The latest observed state of a device (compacted topic {@code fos.device.state}): reachability, flash mode and the
 * value of every readable key.
 *
 * @param observedAt when {@code values} were read from the device; null if it has never answered. It stays behind
 *                   {@code occurredAt} while the device is unreachable.
 * @param devmode    true when the device is in flash mode (booted with the black key held)
 * @param values     readable keys by their bnfos keyword ({@code scenario}, {@code mode}, … {@code wdogrtime}) with the
 *                   device's values as text
 */
public record DeviceState(
        UUID id,
        Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        Instant observedAt,
        boolean reachable,
        boolean devmode,
        Map<String, String> values) implements Envelope {

    /** A state record is always a full snapshot, so a compacted topic holds everything known about a device. */
    public enum Type {
        SNAPSHOT,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public DeviceState {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        values = Fields.map(values, "values");
    }

    public static DeviceState snapshot(DeviceId deviceId, Instant occurredAt, String source, Instant observedAt,
                                       boolean reachable, boolean devmode, Map<String, String> values) {
        return new DeviceState(UUID.randomUUID(), Type.SNAPSHOT, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION,
                observedAt, reachable, devmode, values);
    }
}
