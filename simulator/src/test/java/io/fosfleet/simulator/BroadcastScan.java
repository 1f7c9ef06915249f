package io.fosfleet.simulator;

import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Scans by broadcast to 255.255.255.255 with our GBL4 client and prints one line per device found ({@code mac address
 * mode}); run by {@link BroadcastDiscoveryTest} inside a network namespace, which a test JVM cannot enter itself.
 */
public final class BroadcastScan {

    private BroadcastScan() {
    }

    /** @param args the scan time in milliseconds */
    public static void main(String[] args) throws Exception {
        try (Gbl4Client client = Gbl4Client.open()) {
            Gbl4Client.Options options = Gbl4Client.Options.defaults()
                    .withTimeout(Duration.ofMillis(Long.parseLong(args[0])));
            for (DeviceInfo d : client.scan(InetAddress.getByName("255.255.255.255"), options).get().devices()) {
                System.out.println(d.mac() + " " + d.address() + " " + (d.flashMode() ? "flash" : "operational"));
            }
        }
    }
}
