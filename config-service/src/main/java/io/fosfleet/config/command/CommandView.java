package io.fosfleet.config.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fosfleet.config.JsonText;
import java.time.Instant;
import java.util.Map;

/**
 * A command and, once device-gateway answered, its outcome.
 *
 * @param status PENDING, DONE or FAILED
 * @param note   what the requester should know when it was accepted, e.g. that the device will then differ from its
 *               desired setting; null when nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandView(String commandId, String deviceId, String type, Map<String, String> parameters,
                          String reason, String requestedBy, Instant requestedAt, Instant deadline, String status,
                          String failure, String message, Map<String, String> details, Instant completedAt,
                          String note) {

    static CommandView of(CommandEntity c) {
        return new CommandView(c.id, c.deviceId, c.type, JsonText.map(c.parameters), c.reason,
                c.requestedBy, c.requestedAt, c.deadline, c.status, c.failure, c.message,
                c.details == null ? null : JsonText.map(c.details), c.completedAt, null);
    }

    CommandView withNote(String text) {
        return new CommandView(commandId, deviceId, type, parameters, reason, requestedBy, requestedAt, deadline, status,
                failure, message, details, completedAt, text);
    }
}
