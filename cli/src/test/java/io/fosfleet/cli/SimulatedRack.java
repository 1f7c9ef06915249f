package io.fosfleet.cli;

import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import java.util.Map;

/** Simulated berofos devices at a fresh loopback block for one test class, with their bnfos arguments. */
final class SimulatedRack implements AutoCloseable {

    static final MacAddress FIRST_MAC = MacAddress.parse("00:19:32:00:00:58");
    /** Not the default 80, so that the tests also show that -p is used. */
    static final int HTTP_PORT = 8080;

    private final Simulator simulator;

    private SimulatedRack(Simulator simulator) {
        this.simulator = simulator;
    }

    static SimulatedRack start(int devices, Map<Key, String> settings) {
        return new SimulatedRack(Simulator.start(SimulatorConfig.of(DeviceSpec.rack(devices,
                SimulatorConfig.randomLoopbackBlock(), FIRST_MAC, HTTP_PORT, settings))));
    }

    SimulatedDevice device(int index) {
        return simulator.devices().get(index);
    }

    /** The device's MAC in bnfos notation (upper case, as a scan lists it). */
    String mac(int index) {
        return device(index).mac().toUpperCaseString();
    }

    String host(int index) {
        return device(index).address().toString();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
