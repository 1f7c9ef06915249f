package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What heartbeat-service did or saw for a PBX pair (topic {@code fos.heartbeat.events}): kicking started or stopped,
 * kicks succeeding or failing, the primary going down or coming back.
 *
 * @param details probe results and other specifics, e.g. {@code probe.sip} → {@code timeout after 2s}
 */
public record HeartbeatEvent(
        UUID id,
        Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        String pairId,
        String message,
        Map<String, String> details) implements Envelope {

    public enum Type {
        /** Kicking will begin after the pair's start delay. */
        STARTING,
        /** Kicking has begun. */
        RUNNING,
        /** Kicks are acknowledged again after failures. */
        WDOG_OK,
        /** A kick was not acknowledged. */
        WDOG_FAILED,
        /** Kicking stopped on purpose (pair removed, maintenance, shutdown, partition moved to another replica). */
        STOPPED,
        /** The primary became unhealthy: kicking stops so the device fails over. */
        PRIMARY_DOWN,
        /** The primary became healthy again. */
        PRIMARY_UP,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public HeartbeatEvent {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        Fields.text(pairId, "pairId", Limits.ID);
        Fields.text(message, "message", Limits.LINE);
        details = Fields.map(details, "details");
    }

    public static HeartbeatEvent create(Type type, DeviceId deviceId, String pairId, Instant occurredAt, String source,
                                        String message, Map<String, String> details) {
        return new HeartbeatEvent(UUID.randomUUID(), type, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION, pairId,
                message, details);
    }
}
