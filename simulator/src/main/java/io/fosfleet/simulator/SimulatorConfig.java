package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one simulator process runs: its devices, its PBX nodes, where device state is kept across restarts, and the
 * control API's port.
 *
 * @param stateDir when present, one JSON file per device keeps its settings (its EEPROM) across simulator restarts
 * @param controlPort the control API's port on {@code controlHost}: 0 for any free port, -1 for no control API
 */
public record SimulatorConfig(List<DeviceSpec> devices, List<NodeSpec> nodes, Optional<Path> stateDir,
        String controlHost, int controlPort) {

    public SimulatorConfig {
        devices = List.copyOf(devices);
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(controlHost, "controlHost");
        if (controlPort < -1 || controlPort > 65535) {
            throw new InvalidValueException("controlPort", Integer.toString(controlPort),
                    "a port 1..65535, 0 for any free port or -1 for none");
        }
        Set<Object> seen = new HashSet<>();
        for (DeviceSpec d : devices) {
            if (!seen.add(d.mac()) || !seen.add(d.address())) {
                throw new InvalidValueException("devices", d.mac() + " at " + d.address(),
                        "every device needs its own MAC and address");
            }
        }
        for (NodeSpec n : nodes) {
            if (!seen.add(n.name())) {
                throw new InvalidValueException("nodes", n.name(), "every node needs its own name");
            }
        }
    }

    /** These devices, no nodes, no state directory, no control API: what an in-process test usually wants. */
    public static SimulatorConfig of(List<DeviceSpec> devices) {
        return new SimulatorConfig(devices, List.of(), Optional.empty(), "127.0.0.1", -1);
    }

    public SimulatorConfig withNodes(List<NodeSpec> nodes) {
        return new SimulatorConfig(devices, nodes, stateDir, controlHost, controlPort);
    }

    public SimulatorConfig withStateDir(Path stateDir) {
        return new SimulatorConfig(devices, nodes, Optional.of(stateDir), controlHost, controlPort);
    }

    public SimulatorConfig withControlApi(String host, int port) {
        return new SimulatorConfig(devices, nodes, stateDir, host, port);
    }

    /**
     * A random {@code 127.x.y.1} with x in 32..254, for tests: concurrent test JVMs then rarely pick the same
     * addresses (and when they do, binding fails loudly rather than sharing a port).
     */
    public static Ipv4Address randomLoopbackBlock() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Ipv4Address((127 << 24) | (random.nextInt(32, 255) << 16) | (random.nextInt(0, 256) << 8) | 1);
    }
}
