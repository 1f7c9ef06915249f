package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;

/**
 * A snapshot of one simulated device as an observer in the rack would see it: where it is reachable, what mode it
 * runs in, its relays, power ports, watchdog, LEDs, beeper and network conditions.
 *
 * @param address the address its sockets are bound to now
 * @param httpPort the port its web server listens on now (also reported in flash mode, where it is closed)
 * @param watchdogState 0 off, 1 on, 2 failure
 * @param watchdogSecondsLeft seconds before the watchdog fails over; 0 unless it is on
 * @param firmwareVersion {@code major.minor}, or empty when the device has no firmware (after a factory reset)
 */
public record DeviceStatus(MacAddress mac, Ipv4Address address, int httpPort, DeviceMode mode, Scenario scenario,
        RelayMode relayMode, boolean power1, boolean power2, int watchdogState, int watchdogSecondsLeft, Leds leds,
        Beeper beeper, NetworkConditions network, String firmwareVersion) {

    /** What the relays connect now: {@code A-D}, {@code A-B} or {@code A-B,C-D}. */
    public String connections() {
        return relayMode.connections(scenario);
    }
}
