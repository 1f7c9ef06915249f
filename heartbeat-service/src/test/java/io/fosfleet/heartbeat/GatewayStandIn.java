package io.fosfleet.heartbeat;

import io.fosfleet.events.Command;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.http.HttpDeviceClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a published command on a simulated device over its real web interface, as device-gateway will, so a
 * test can show the whole effect of a failover command; the command itself is what heartbeat-service owes.
 */
final class GatewayStandIn {

    private final Fleet fleet;
    private final HttpDeviceClient http = new HttpDeviceClient(Duration.ofSeconds(3));

    GatewayStandIn(Fleet fleet) {
        this.fleet = fleet;
    }

    void apply(DeviceCommand command) {
        int i = indexOf(command);
        HttpDeviceClient.DeviceEndpoint endpoint = HttpDeviceClient.DeviceEndpoint.of(
                fleet.device(i).address().toString(), fleet.device(i).httpPort());
        try {
            switch (command.type()) {
                case SWITCH_RELAY -> http.set(endpoint, Key.MODE,
                                Integer.toString(((Command.SwitchRelay) command.command()).mode().wireValue()))
                        .get(5, TimeUnit.SECONDS);
                case WATCHDOG_REARM -> http.set(endpoint, Key.WDOG, "1").get(5, TimeUnit.SECONDS);
                default -> throw new IllegalArgumentException("not a heartbeat-service command: " + command.type());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply " + command.type() + " to device " + i, e);
        }
    }

    private int indexOf(DeviceCommand command) {
        for (int i = 0; i < fleet.size(); i++) {
            if (fleet.id(i).equals(command.deviceId())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no device " + command.deviceId() + " in this fleet");
    }
}
