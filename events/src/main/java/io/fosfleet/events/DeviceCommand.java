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
 * @param parameters  what the type needs, as strings by name; {@link #command()} reads and checks them as the type's
 *                    {@link Command} record, which names them. The record itself does not check them, so that a
 *                    command with a bad parameter still reads and device-gateway answers it (REJECTED_VALUE)
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

    /** What a command orders; its parameters are those of its {@link Command} record. */
    public enum Type {
        SWITCH_RELAY(true, false),
        SET_POWER(true, false),
        WATCHDOG_ENABLE(true, false),
        WATCHDOG_DISABLE(true, false),
        WATCHDOG_REARM(true, false),
        /** Needs a reason when its key moves the relay or the watchdog ({@link Command.SetKey#needsReason()}). */
        SET_KEY(false, false),
        KICK(false, false),
        PING(false, false),
        TEST_MAIL(false, false),
        NETCONF(true, false),
        /** Erases and rewrites the firmware. */
        FLASH(true, true),
        /** Factory reset: erases firmware and settings. */
        RESET(true, true),
        SCAN(false, false);

        private final boolean needsReason;
        private final boolean needsConfirmation;

        Type(boolean needsReason, boolean needsConfirmation) {
            this.needsReason = needsReason;
            this.needsConfirmation = needsConfirmation;
        }

        /**
         * Commands that move a relay, a power port, the watchdog or the network, or erase the device: the audit log
         * must say why.
         */
        public boolean needsReason() {
            return needsReason;
        }

        /** Commands that destroy a device's firmware or settings run only with {@code confirm = true}. */
        public boolean needsConfirmation() {
            return needsConfirmation;
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

    /** The typed command: this record's type and parameters, checked. */
    public Command command() {
        return Command.read(type, parameters);
    }

    /** A new command record for a typed command, its parameters in their wire form. */
    public static DeviceCommand of(Command command, UUID commandId, DeviceId deviceId, Instant occurredAt, String source,
                                   String requestedBy, String reason, boolean confirm, Instant deadline) {
        return create(commandId, command.type(), deviceId, occurredAt, source, requestedBy, reason, command.parameters(),
                confirm, deadline);
    }

    public static DeviceCommand create(UUID commandId, Type type, DeviceId deviceId, Instant occurredAt, String source,
                                       String requestedBy, String reason, Map<String, String> parameters, boolean confirm,
                                       Instant deadline) {
        return new DeviceCommand(UUID.randomUUID(), type, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION, commandId,
                requestedBy, reason, parameters, confirm, deadline);
    }
}
