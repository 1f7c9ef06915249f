package io.fosfleet.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The value of compacted topic {@code fos.config} for one device: its desired configuration together with the pair it
 * serves, or the news that it was deleted.
 *
 * <p>Device and pair travel in one record because compaction keeps only the latest value per key (the device id):
 * as separate records one would erase the other.
 *
 * @param device the device's configuration; null when DELETED
 * @param pair   the pair the device serves; null when it serves none, or when DELETED
 */
public record ConfigRecord(
        UUID id,
        Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        DeviceConfig device,
        PairConfig pair) implements Envelope {

    public enum Type {
        DESIRED,
        /** The device left the inventory: stop polling and kicking it. */
        DELETED
    }

    public ConfigRecord {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        if (type == Type.DELETED) {
            if (device != null || pair != null) {
                throw new InvalidFieldException(device != null ? "device" : "pair", "must be absent in a DELETED record");
            }
        } else {
            sameDevice(Fields.required(device, "device").deviceId(), deviceId, "device");
            if (pair != null) {
                sameDevice(pair.deviceId(), deviceId, "pair");
            }
        }
    }

    public static ConfigRecord desired(DeviceConfig device, PairConfig pair, Instant occurredAt, String source) {
        return new ConfigRecord(UUID.randomUUID(), Type.DESIRED, device.deviceId(), occurredAt, source,
                CURRENT_SCHEMA_VERSION, device, pair);
    }

    public static ConfigRecord deleted(DeviceId deviceId, Instant occurredAt, String source) {
        return new ConfigRecord(UUID.randomUUID(), Type.DELETED, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION,
                null, null);
    }

    private static void sameDevice(DeviceId inside, DeviceId key, String field) {
        if (!inside.equals(key)) {
            throw new InvalidFieldException(field, "is for device " + inside + " but the record is for " + key);
        }
    }
}
