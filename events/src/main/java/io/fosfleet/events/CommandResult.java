package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The outcome of one {@link DeviceCommand} (topic {@code fos.device.command-results}), matched to it by
 * {@code commandId}; its type is the command's type.
 *
 * @param failure why it failed; null exactly when the outcome is DONE
 * @param message one line for people; required when the command failed
 * @param details what the command found, e.g. a ping's round trip or the devices a scan answered with
 */
public record CommandResult(
        UUID id,
        DeviceCommand.Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        UUID commandId,
        Outcome outcome,
        Failure failure,
        String message,
        Map<String, String> details) implements Envelope {

    public enum Outcome {
        DONE,
        FAILED,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public enum Failure {
        UNREACHABLE,
        BAD_CREDENTIALS,
        /** The device or the gateway refused a value. */
        REJECTED_VALUE,
        /** The device is in flash mode, where only GBL4 works, or not in it when FLASH needs it. */
        FLASH_MODE,
        /** The deadline passed before the command ran, or the device did not answer in time. */
        TIMEOUT,
        /** A command that needs confirmation arrived without it. */
        NOT_CONFIRMED,
        UNKNOWN_DEVICE,
        INTERNAL,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public CommandResult {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        Fields.required(commandId, "commandId");
        if (Fields.required(outcome, "outcome") == Outcome.DONE && failure != null) {
            throw new InvalidFieldException("failure", "is " + failure + " but the outcome is DONE");
        }
        if (outcome == Outcome.FAILED) {
            Fields.required(failure, "failure");
            Fields.text(message, "message", Limits.LINE);
        } else {
            Fields.optionalText(message, "message", Limits.LINE);
        }
        details = Fields.map(details, "details");
    }

    public static CommandResult done(DeviceCommand command, Instant occurredAt, String source, String message,
                                     Map<String, String> details) {
        return answer(command, occurredAt, source, Outcome.DONE, null, message, details);
    }

    public static CommandResult failed(DeviceCommand command, Instant occurredAt, String source, Failure failure,
                                       String message) {
        return answer(command, occurredAt, source, Outcome.FAILED, failure, message, null);
    }

    private static CommandResult answer(DeviceCommand command, Instant occurredAt, String source, Outcome outcome,
                                        Failure failure, String message, Map<String, String> details) {
        return new CommandResult(UUID.randomUUID(), command.type(), command.deviceId(), occurredAt, source,
                CURRENT_SCHEMA_VERSION, command.commandId(), outcome, failure, message, details);
    }
}
