package io.fosfleet.config.command;

import io.fosfleet.config.problem.Problems;
import io.fosfleet.events.Command;
import io.fosfleet.events.DeviceCommand.Type;
import io.fosfleet.events.InvalidFieldException;
import java.util.Map;

/**
 * A command as a client sent it, checked before anything is saved: its parameters by its {@link Command} record (the
 * same check device-gateway makes), its reason and its confirmation by the command's type.
 */
final class CommandRules {

    private CommandRules() {
    }

    /** The typed command, or null when its parameters are not valid; records every problem. */
    static Command check(Type type, Map<String, String> parameters, String reason, boolean confirm, Problems problems) {
        Command command = null;
        try {
            command = Command.read(type, parameters);
        } catch (InvalidFieldException e) {
            problems.add(e.field(), e.problem(), e.allowed());
        }
        boolean needsReason = command == null ? type.needsReason() : command.needsReason();
        if (needsReason && (reason == null || reason.isBlank())) {
            problems.add("reason", "is required: " + type + " moves a relay, a power port, the watchdog or the network",
                    "a short text for the audit log");
        }
        if (type.needsConfirmation() && !confirm) {
            problems.add("confirm", type + " erases the device; it runs only with confirm=true", "true");
        }
        return command;
    }
}
