package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification alert-service sent (topic {@code fos.alerts}), kept for audit; its type is the channel it went out on.
 *
 * @param occurredAt when the first event behind the alert happened
 * @param receiver   the name of the configured receiver it was sent to
 * @param eventIds   the ids of the device and heartbeat events the notification reports (several when grouped)
 * @param sentAt     when it was handed to the channel
 */
public record Alert(
        UUID id,
        Channel type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        String receiver,
        List<UUID> eventIds,
        Severity severity,
        String subject,
        String text,
        Instant sentAt) implements Envelope {

    public enum Channel {
        SYSLOG,
        MAIL,
        WEBHOOK,
        /** Posted to a Prometheus Alertmanager (API v2). */
        ALERTMANAGER,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public enum Severity {
        INFO,
        WARNING,
        CRITICAL,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public Alert {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        Fields.text(receiver, "receiver", Limits.NAME);
        eventIds = Fields.list(eventIds, "eventIds");
        if (eventIds.isEmpty()) {
            throw new InvalidFieldException("eventIds", "is empty; an alert reports at least one event");
        }
        Fields.required(severity, "severity");
        Fields.text(subject, "subject", Limits.LINE);
        Fields.length(Fields.required(text, "text"), "text", Limits.TEXT);
        Fields.required(sentAt, "sentAt");
    }

    public static Alert sent(Channel channel, DeviceId deviceId, Instant occurredAt, String source, String receiver,
                             List<UUID> eventIds, Severity severity, String subject, String text, Instant sentAt) {
        return new Alert(UUID.randomUUID(), channel, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION, receiver,
                eventIds, severity, subject, text, sentAt);
    }
}
