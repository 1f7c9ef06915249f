package io.fosfleet.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The fields every record on every fosfleet topic carries, so that any consumer can de-duplicate, order, trace and
 * version-check a record without knowing its kind.
 */
public interface Envelope {

    /** The schema version this code writes; readers accept higher versions and ignore the fields they do not know. */
    int CURRENT_SCHEMA_VERSION = 1;

    /** Unique per record, for de-duplication by at-least-once consumers. */
    UUID id();

    /** What kind of record this is, from the record's own enum. */
    Enum<?> type();

    /** The device the record is about; also the Kafka key, so all of a device's records stay in order. */
    DeviceId deviceId();

    Instant occurredAt();

    /** The name of the service that wrote the record, e.g. {@code device-gateway}. */
    String source();

    int schemaVersion();
}
