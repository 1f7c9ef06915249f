package io.fosfleet.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An order to device-gateway to act on one device (topic {@code fos.device.commands}); answered by a
 * {@link CommandResult} with the same {@code commandId}.
 *
 * @param commandId   the command's identity, chosen by whoever stored the command, shared with its result
 * @param requestedBy the operator or service that asked for it, for the audit log
 * @param reason      why, for the audit log
 * @param parameters  what the type needs, e.g. {@code mode} for SWITCH_RELAY, {@code key} and {@code value} for SET_KEY
 * @param confirm     the requester confirmed a destructive command; see {@link Type#needsConfirmation()}
 * @param deadline    after this instant the gateway does not start the command and answers TIMEOUT
 */
public record DeviceCommand(
        UUID id,
        Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        UUID commandId,
        String requestedBy,
        String reason,
        Map<String, String> parameters,
        boolean confirm,
        Instant deadline) implements Envelope {

    public enum Type {
        SWITCH_RELAY,
        SET_POWER,
        WATCHDOG_ENABLE,
        WATCHDOG_DISABLE,
        WATCHDOG_REARM,
        SET_KEY,
        KICK,
        PING,
        TEST_MAIL,
        NETCONF,
        /** Erases and rewrites the firmware. */
        FLASH,
        /** Factory reset: erases firmware and settings. */
        RESET,
        SCAN;

        /** Commands that destroy a device's firmware or settings run only with {@code confirm = true}. */
        public boolean needsConfirmation() {
            return this == FLASH || this == RESET;
        }
    }

    public DeviceCommand {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        Fields.required(commandId, "commandId");
        Fields.text(requestedBy, "requestedBy", Limits.NAME);
        Fields.text(reason, "reason", Limits.REASON);
        parameters = Fields.map(parameters, "parameters");
        if (Fields.required(deadline, "deadline").isBefore(occurredAt)) {
            throw new InvalidFieldException("deadline", deadline + " is before occurredAt " + occurredAt);
        }
    }

    public static DeviceCommand create(UUID commandId, Type type, DeviceId deviceId, Instant occurredAt, String source,
                                       String requestedBy, String reason, Map<String, String> parameters, boolean confirm,
                                       Instant deadline) {
        return new DeviceCommand(UUID.randomUUID(), type, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION, commandId,
                requestedBy, reason, parameters, confirm, deadline);
    }
}
