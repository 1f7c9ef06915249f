package io.fosfleet.config.command;

import io.fosfleet.events.DeviceCommand;
import java.util.Map;

/**
 * A command as a client sends it.
 *
 * @param parameters what the type needs: SWITCH_RELAY {@code mode}; SET_POWER {@code port} (1 or 2) and {@code on};
 *                   SET_KEY {@code key} and {@code value}, and {@code updateDesired=true} to make the value the
 *                   device's own desired setting too (needed when its drift policy ENFORCE would write the desired
 *                   value back); NETCONF any of {@code address netmask gateway dhcp httpauth
 *                   phy port}; FLASH {@code firmware}; SCAN {@code host}, {@code range} or {@code broadcast}
 * @param reason     mandatory for commands that move a relay, a power port, the watchdog or the network
 * @param confirm    must be true for FLASH and RESET, which erase the device
 */
public record CommandInput(DeviceCommand.Type type, Map<String, String> parameters, String reason, boolean confirm) {
}
