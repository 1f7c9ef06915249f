package io.fosfleet.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real operator's path through the packaged services: a relay switch requested over config-service's REST API (with
 * a bearer token) reaches a device-gateway replica over Kafka, changes the simulated device's relay, and the command
 * reports DONE. The same request without a token is refused with 401 and leaves the device alone.
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
class RelaySwitchEndToEndIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final String DEVICE_ID = FosfleetSystem.UNREGISTERED_DEVICE;

    private static FosfleetSystem system;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
    }

    @Test
    void operatorSwitchesTheRelayOverRestAndTheDeviceFollows() throws Exception {
        var device = system.simulatedDevice(DEVICE_ID);
        String admin = system.token("admin");
        String operator = system.token("operator");

        HttpResponse<String> created = system.post(system.configUrl() + "/api/devices", admin, Map.of(
                "id", DEVICE_ID, "name", "end-to-end berofos", "mac", device.mac().toString(),
                "host", device.address().toString(), "httpPort", device.httpPort(),
                "site", "e2e", "rack", "r1", "pollInterval", "PT1S"));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 299);

        await("a device-gateway replica owns " + DEVICE_ID).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> FosfleetSystem.GATEWAYS.stream().anyMatch(g -> {
                    HttpResponse<String> r = system.get(system.url(g) + "/devices/" + DEVICE_ID, null);
                    return r.statusCode() == 200 && FosfleetSystem.json(r).path("reachable").asBoolean();
                }));
        assertThat(device.status().connections()).isEqualTo("A-D");

        // no token: refused, nothing reaches the device
        HttpResponse<String> anonymous = system.post(system.configUrl() + "/api/devices/" + DEVICE_ID + "/commands",
                null, switchRelay("1"));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        Thread.sleep(2000); // longer than a command takes end to end (below): had it gone out, it would show
        assertThat(device.status().connections()).as("relay after the refused request").isEqualTo("A-D");

        // the operator: A-B, then back to A-D
        switchAndAwait(operator, "1", "A-B");
        switchAndAwait(operator, "0", "A-D");
    }

    private void switchAndAwait(String token, String mode, String connections) {
        HttpResponse<String> accepted = system.post(system.configUrl() + "/api/devices/" + DEVICE_ID + "/commands",
                token, switchRelay(mode));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String commandId = FosfleetSystem.json(accepted).path("commandId").asText();
        assertThat(commandId).as(accepted.body()).isNotBlank();

        await("command " + commandId + " DONE").atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode command = FosfleetSystem.json(system.get(system.configUrl() + "/api/commands/"
                            + commandId, token));
                    assertThat(command.path("status").asText()).as(command.toString()).isNotEqualTo("FAILED");
                    return "DONE".equals(command.path("status").asText());
                });
        assertThat(system.device(DEVICE_ID).connections()).isEqualTo(connections);
    }

    private static Map<String, Object> switchRelay(String mode) {
        return Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", mode), "reason", "e2e test");
    }
}
