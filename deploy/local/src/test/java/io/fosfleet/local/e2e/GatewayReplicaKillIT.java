package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.Observe.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fosfleet.simulator.SimulatedDevice;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, end-to-end test 4: of two device-gateway replicas, the one owning more of four devices is killed with
 * SIGKILL while the devices change (their relays, switched on each device's own web interface, as a technician in
 * the rack would). Every change shows up as its one event on {@code fos.device.events}: before the kill, while its
 * devices have no owner, and after the survivor took them over; nothing is lost, nothing repeated, also when the
 * killed replica comes back.
 */
@Order(E2eOrder.DISRUPTIVE + 2)
@ExtendWith(TailOnFailure.class)
class GatewayReplicaKillIT {

    private static FosfleetSystem system;
    private static String killed;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
    }

    @AfterAll
    static void restartKilled() throws InterruptedException {
        if (killed != null && !system.alive(killed)) {
            system.restart(killed);
        }
    }

    @Test
    void everyChangeOnTheDevicesIsOneEventWhileAReplicaIsKilled() throws Exception {
        List<String> devices = FosfleetSystem.LOOSE_DEVICES;
        await("the devices are owned").atMost(STEP).until(() -> devices.stream().allMatch(d -> owner(d) != null));
        Map<String, String> owners = new LinkedHashMap<>();
        devices.forEach(d -> owners.put(d, owner(d)));
        killed = FosfleetSystem.GATEWAYS.stream()
                .max(Comparator.comparingLong(g -> owners.values().stream().filter(g::equals).count())).orElseThrow();
        FosfleetSystem.log("owners " + owners + "; killing " + killed);

        List<String> expected = new ArrayList<>();
        try (KafkaTap events = system.tap("fos.device.events")) {
            change(devices, "A-D", events, expected);        // all watched
            system.kill(killed);
            change(devices, "A-B", events, expected);        // the killed replica's devices have no owner yet
            change(devices, "A-D", events, expected);        // the survivor owns them all
            system.restart(killed);                          // it comes back: partitions move again
            change(devices, "A-B", events, expected);
            Thread.sleep(2000);                              // two polls more: would anything be repeated?
            for (String d : devices) {
                List<String> relays = events.values(e -> KafkaTap.event("RELAY_CHANGED", d).test(e)).stream()
                        .map(e -> e.path("details").path("relay").asText()).toList();
                assertThat(relays).as("relay events of " + d + " (owned by " + owners.get(d) + ")")
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /** Switches every device's relay on the device itself, then waits for each device's event of it. */
    private void change(List<String> devices, String connections, KafkaTap events, List<String> expected)
            throws Exception {
        String mode = connections.equals("A-B") ? "1" : "0";
        for (String d : devices) {
            SimulatedDevice device = system.simulatedDevice(d);
            HttpResponse<String> r = system.get("http://" + device.address() + ":" + device.httpPort()
                    + "/?cmd=4&mode=" + mode, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(device.status().connections()).isEqualTo(connections);
        }
        int seen = expected.size();
        expected.add(connections);
        for (String d : devices) {
            await("event of " + d + " -> " + connections).atMost(STEP).pollInterval(Duration.ofMillis(100))
                    .until(() -> events.values(e -> KafkaTap.event("RELAY_CHANGED", d).test(e)).size() > seen);
        }
    }

    /** The replica that owns a device now, or null. */
    private static String owner(String deviceId) {
        for (String g : FosfleetSystem.GATEWAYS) {
            if (system.alive(g)) {
                HttpResponse<String> r = system.get(system.url(g) + "/devices/" + deviceId, null);
                if (r.statusCode() == 200) {
                    JsonNode device = FosfleetSystem.json(r);
                    if (device.path("reachable").asBoolean()) {
                        return g;
                    }
                }
            }
        }
        return null;
    }
}
