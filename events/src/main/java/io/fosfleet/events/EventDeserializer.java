package io.fosfleet.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserialiser for fosfleet records. Built by Kafka from configuration (no-argument constructor) it reads
 * each topic's record type from the {@link Topic} catalogue; built in code it reads the type it is given.
 */
public final class EventDeserializer<T extends Envelope> implements Deserializer<T> {

    private final Class<T> type;

    /** For Kafka's {@code value.deserializer} setting: the record type follows from the topic name. */
    public EventDeserializer() {
        this.type = null;
    }

    public EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.fromBytes(data, typeFor(topic));
        } catch (EventFormatException | IllegalArgumentException e) {
            throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked") // the catalogue is the contract between a topic and its record type
    private Class<T> typeFor(String topic) {
        return type != null ? type : (Class<T>) Topic.byName(topic).valueType();
    }
}
