package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One simulated telephone system (PBX node) behind a berofos pair: a name, its address, and the ports of its three
 * health surfaces — a TCP port, an HTTP health endpoint and a SIP OPTIONS responder (UDP).
 */
public record NodeSpec(String name, Ipv4Address address, int tcpPort, int httpPort, int sipPort) {

    public static final int DEFAULT_TCP_PORT = 5038;
    public static final int DEFAULT_HTTP_PORT = 8088;
    public static final int DEFAULT_SIP_PORT = 5060;

    public NodeSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new InvalidValueException("node name", name, "letters, digits, '.', '_' and '-', at most 63");
        }
        Objects.requireNonNull(address, "address");
        for (int port : new int[] {tcpPort, httpPort, sipPort}) {
            if (port < 1 || port > 65535) {
                throw new InvalidValueException("node port", Integer.toString(port), "a number from 1 to 65535");
            }
        }
    }

    /** {@code count} nodes named node1, node2, … at consecutive addresses, each with the default ports. */
    public static List<NodeSpec> series(int count, Ipv4Address firstAddress) {
        List<NodeSpec> nodes = new ArrayList<>(count);
        Ipv4Address address = firstAddress;
        for (int i = 1; i <= count; i++) {
            nodes.add(new NodeSpec("node" + i, address, DEFAULT_TCP_PORT, DEFAULT_HTTP_PORT, DEFAULT_SIP_PORT));
            address = DeviceSpec.nextHostAddress(address);
        }
        return List.copyOf(nodes);
    }
}
