package io.fosfleet.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serialiser for fosfleet records, writing {@link EventJson}; a null record is written as a tombstone. */
public final class EventSerializer<T extends Envelope> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        try {
            return EventJson.toBytes(record);
        } catch (EventFormatException e) {
            throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
