package io.fosfleet.kafka;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of a topic keyed by device id, read: the device from the key, the value as its record type, or null for a
 * tombstone (a device removed from a compacted topic).
 */
public record DeviceRecord<T>(DeviceId deviceId, T value) {

    /**
     * Reads key and value.
     *
     * @throws RuntimeException when either cannot be read (a key that is no device id, broken JSON, a field over its
     *                          documented maximum, a newer schema's value): the record is for the dead letters
     */
    public static <T> DeviceRecord<T> read(ConsumerRecord<String, byte[]> record, Class<T> type) {
        DeviceId id = DeviceId.of(record.key());
        return new DeviceRecord<>(id, record.value() == null ? null : EventJson.fromBytes(record.value(), type));
    }
}
