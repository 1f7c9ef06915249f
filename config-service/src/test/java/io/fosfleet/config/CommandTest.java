package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Commands over REST: checked, accepted with 202, sent to fos.device.commands, completed by their result. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class CommandTest {

    private static DeviceCommand awaitCommand(String commandId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> Topics.matching(Topic.DEVICE_COMMANDS,
                DeviceCommand.class, c -> c.commandId().toString().equals(commandId)).stream().findFirst()
                .orElse(null), c -> c != null);
    }

    @Test
    void relaySwitchIsSentToTheGatewayAndItsResultCompletesCommandAndAudit() {
        String deviceId = createDevice();
        String commandId = operator().body(Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "no"),
                        "reason", "primary PBX reboot, ticket 4711"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202)
                .header("Location", containsString("/api/commands/"))
                .body("status", equalTo("PENDING")).extract().path("commandId");

        DeviceCommand sent = awaitCommand(commandId);
        assertThat(sent.type()).isEqualTo(DeviceCommand.Type.SWITCH_RELAY);
        assertThat(sent.deviceId().value()).isEqualTo(deviceId);
        assertThat(sent.parameters()).containsExactly(Map.entry("mode", "0"));
        assertThat(sent.requestedBy()).isEqualTo("operator");
        assertThat(sent.reason()).isEqualTo("primary PBX reboot, ticket 4711");
        assertThat(sent.deadline()).isAfter(Instant.now());

        Topics.publish(Topic.COMMAND_RESULTS, CommandResult.done(sent, Instant.now(), "device-gateway",
                "relay A-D", Map.of("mode", "0")));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> viewer().get("/api/commands/" + commandId)
                .then().statusCode(200).body("status", equalTo("DONE")).body("details.mode", equalTo("0"))
                .body("completedAt", notNullValue()));
        viewer().get("/api/audit?targetId=" + deviceId + "&action=COMMAND_SWITCH_RELAY").then().statusCode(200)
                .body("[0].actor", equalTo("operator"))
                .body("[0].reason", equalTo("primary PBX reboot, ticket 4711"))
                .body("[0].result", equalTo("DONE"))
                .body("[0].commandId", equalTo(commandId));
    }

    @Test
    void failedResultIsRecordedWithItsCause() {
        String deviceId = createDevice();
        String commandId = operator().body(Map.of("type", "PING"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202).extract().path("commandId");
        DeviceCommand sent = awaitCommand(commandId);
        assertThat(sent.reason()).isEqualTo("no reason given");

        Topics.publish(Topic.COMMAND_RESULTS, CommandResult.failed(sent, Instant.now(), "device-gateway",
                CommandResult.Failure.UNREACHABLE, "no answer in 3 s"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> viewer().get("/api/commands/" + commandId)
                .then().body("status", equalTo("FAILED")).body("failure", equalTo("UNREACHABLE")));
        viewer().get("/api/audit?action=COMMAND_PING&targetId=" + deviceId).then()
                .body("[0].result", equalTo("FAILED"))
                .body("[0].detail", containsString("UNREACHABLE: no answer in 3 s"));
    }

    @Test
    void movingCommandsNeedAReasonAndDestructiveOnesAConfirmation() {
        String deviceId = createDevice();
        operator().body(Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "2")))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(400)
                .body("errors.field", hasItems("reason", "parameters.mode"));
        operator().body(Map.of("type", "RESET", "reason", "returning the unit"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(400)
                .body("errors[0].field", equalTo("confirm"));
        operator().body(Map.of("type", "SET_KEY", "parameters", Map.of("key", "apwd", "value", "hunter2"),
                        "reason", "rotate"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters.key"))
                .body(org.hamcrest.Matchers.not(containsString("hunter2")));
        operator().body(Map.of("type", "RESET", "reason", "returning the unit", "confirm", true))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202);
    }

    @Test
    void commandForAnUnknownDeviceIsNotFound() {
        admin().body(Map.of("type", "KICK")).post("/api/devices/nope/commands").then().statusCode(404);
    }

    @Test
    void resultsOfCommandsIssuedElsewhereAreIgnored() {
        DeviceCommand foreign = DeviceCommand.create(UUID.randomUUID(), DeviceCommand.Type.SWITCH_RELAY,
                io.fosfleet.events.DeviceId.of("elsewhere"), Instant.now(), "heartbeat-service", "heartbeat-service",
                "fast failover", Map.of("mode", "0"), false, Instant.now().plusSeconds(30));
        Topics.publish(Topic.COMMAND_RESULTS, CommandResult.done(foreign, Instant.now(), "device-gateway", null,
                null));
        viewer().get("/api/commands/" + foreign.commandId()).then().statusCode(404);
    }
}
