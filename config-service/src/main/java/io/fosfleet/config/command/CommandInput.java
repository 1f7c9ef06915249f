package io.fosfleet.config.command;

import io.fosfleet.events.DeviceCommand;
import java.util.Map;

/**
 * A command as a client sends it.
 *
 * @param parameters what the type needs, by name: the parameters of the type's {@link io.fosfleet.events.Command} record
 *                   (events README, "Commands"), e.g. SWITCH_RELAY {@code mode}, SET_KEY {@code key} and {@code value}
 * @param reason     mandatory for commands that move a relay, a power port, the watchdog or the network
 * @param confirm    must be true for FLASH and RESET, which erase the device
 */
public record CommandInput(DeviceCommand.Type type, Map<String, String> parameters, String reason, boolean confirm) {
}
