package io.fosfleet.config.command;

import io.fosfleet.config.JsonText;
import java.time.Instant;
import java.util.Map;

/**
 * A command and, once device-gateway answered, its outcome.
 *
 * @param status PENDING, DONE or FAILED
 */
public record CommandView(String commandId, String deviceId, String type, Map<String, String> parameters,
                          String reason, String requestedBy, Instant requestedAt, Instant deadline, String status,
                          String failure, String message, Map<String, String> details, Instant completedAt) {

    static CommandView of(CommandEntity c) {
        return new CommandView(c.id, c.deviceId, c.type, JsonText.map(c.parameters), c.reason,
                c.requestedBy, c.requestedAt, c.deadline, c.status, c.failure, c.message,
                c.details == null ? null : JsonText.map(c.details), c.completedAt);
    }
}
