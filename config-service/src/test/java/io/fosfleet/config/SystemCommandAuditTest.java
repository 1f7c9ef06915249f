package io.fosfleet.config;

import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The commands heartbeat-service sends on its own (fast failover, automatic return) are read from
 * fos.device.commands into the audit, next to the operators' actions: once per command, never a second time for a
 * command issued at the API, and a malformed record goes to the dead letters without holding up the ones after it.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class SystemCommandAuditTest {

    private static final String HEARTBEAT = "heartbeat-service";

    private static DeviceCommand heartbeatCommand(String deviceId, DeviceCommand.Type type, Map<String, String> params,
                                                  String reason, Instant at) {
        return DeviceCommand.create(UUID.randomUUID(), type, DeviceId.of(deviceId), at, HEARTBEAT, HEARTBEAT, reason,
                params, false, at.plusSeconds(30));
    }

    /** The audit entries of one command, read through the API. */
    private static List<Map<String, Object>> entries(String deviceId, UUID commandId) {
        String body = viewer().get("/api/audit?targetId=" + deviceId).then().statusCode(200).extract().asString();
        return JsonPath.from(body).<Map<String, Object>>getList("$").stream()
                .filter(e -> commandId.toString().equals(e.get("commandId"))).toList();
    }

    /** A later command on the same partition (same device key) is audited: everything before it has been read. */
    private static void awaitReadUpTo(String deviceId) {
        DeviceCommand marker = heartbeatCommand(deviceId, DeviceCommand.Type.WATCHDOG_REARM, Map.of(), "marker",
                Instant.now());
        Topics.publish(Topic.DEVICE_COMMANDS, marker);
        await().atMost(Duration.ofSeconds(15)).until(() -> entries(deviceId, marker.commandId()).size() == 1);
    }

    @Test
    void heartbeatFailoverIsAuditedOnceWithItsReasonEvenWhenDeliveredTwice() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        String reason = "fast failover: primary PBX A of pair " + pairId + " is down";
        DeviceCommand failover = heartbeatCommand(deviceId, DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "0"),
                reason, at);

        Topics.publish(Topic.DEVICE_COMMANDS, failover);
        Topics.publish(Topic.DEVICE_COMMANDS, failover);   // the same record again, as after a producer retry
        awaitReadUpTo(deviceId);

        List<Map<String, Object>> entries = entries(deviceId, failover.commandId());
        assertThat(entries).hasSize(1);
        Map<String, Object> e = entries.get(0);
        assertThat(e).containsEntry("actor", HEARTBEAT).containsEntry("source", HEARTBEAT)
                .containsEntry("action", "COMMAND_SWITCH_RELAY").containsEntry("targetType", "DEVICE")
                .containsEntry("reason", reason).containsEntry("result", "PENDING")
                .containsEntry("at", at.toString());
        assertThat((String) e.get("detail")).contains("A–D").contains("pair " + pairId);

        // the gateway's result completes the entry, once
        CommandResult done = CommandResult.done(failover, Instant.now(), "device-gateway", "relay A-D", Map.of());
        Topics.publish(Topic.COMMAND_RESULTS, done);
        Topics.publish(Topic.COMMAND_RESULTS, done);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(entries(deviceId, failover.commandId())).singleElement()
                        .satisfies(x -> assertThat(x).containsEntry("result", "DONE")));
        assertThat((String) entries(deviceId, failover.commandId()).get(0).get("detail"))
                .containsOnlyOnce("result: relay A-D");

        // a NOC engineer reading the pair's audit trail sees the service and why it acted
        viewer().get("/api/audit?actor=" + HEARTBEAT + "&targetId=" + deviceId + "&action=COMMAND_SWITCH_RELAY")
                .then().body("", hasSize(1));
        viewer().get("/console/pairs/" + pairId).then().statusCode(200)
                .body(containsString(HEARTBEAT + " <span class=\"badge\""))
                .body(containsString("COMMAND_SWITCH_RELAY switch relay to A–D (secondary), pair " + pairId))
                .body(containsString(reason));
    }

    @Test
    void aResultReadBeforeItsCommandKeepsItsOutcomeAndTheCommandFillsInWhoAndWhy() {
        String deviceId = createDevice();
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        DeviceCommand back = heartbeatCommand(deviceId, DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "1"),
                "pair recovers: primary PBX A is healthy", at);
        Topics.publish(Topic.COMMAND_RESULTS, CommandResult.failed(back, at.plusMillis(300), "device-gateway",
                CommandResult.Failure.UNREACHABLE, "no answer in 3 s"));
        await().atMost(Duration.ofSeconds(15)).until(() -> entries(deviceId, back.commandId()).size() == 1);

        Topics.publish(Topic.DEVICE_COMMANDS, back);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(entries(deviceId, back.commandId())).singleElement().satisfies(e -> assertThat(e)
                        .containsEntry("actor", HEARTBEAT).containsEntry("result", "FAILED")
                        .containsEntry("reason", "pair recovers: primary PBX A is healthy")
                        .containsEntry("at", at.toString())
                        .containsEntry("detail", "switch relay to A–B (primary); parameters={mode=1}; "
                                + "result: UNREACHABLE: no answer in 3 s")));
    }

    @Test
    void commandsIssuedAtTheApiAreNotAuditedASecondTime() {
        String deviceId = createDevice();
        String commandId = operator().body(Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "1"),
                        "reason", "back to PBX A, CHG-77"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202).extract().path("commandId");
        // the outbox publishes it on the device's partition before the marker that follows
        await().atMost(Duration.ofSeconds(15)).until(() -> !Topics.matching(Topic.DEVICE_COMMANDS,
                DeviceCommand.class, c -> c.commandId().toString().equals(commandId)).isEmpty());
        awaitReadUpTo(deviceId);

        List<Map<String, Object>> entries = entries(deviceId, UUID.fromString(commandId));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("actor", "operator").containsEntry("reason", "back to PBX A, CHG-77");
            assertThat(e.get("source")).isNull();
        });
    }

    @Test
    void theSameCommandReadsTheSameWhetherAnOperatorOrHeartbeatServiceSentIt() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        String byOperator = operator().body(Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "0"),
                        "reason", "PBX A maintenance, CHG-9"))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202).extract().path("commandId");
        DeviceCommand byService = heartbeatCommand(deviceId, DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "0"),
                "fast failover: primary PBX A of pair " + pairId + " is down", Instant.now());
        Topics.publish(Topic.DEVICE_COMMANDS, byService);
        await().atMost(Duration.ofSeconds(15)).until(() -> entries(deviceId, byService.commandId()).size() == 1);

        String wording = "switch relay to A–D (secondary), pair " + pairId + "; parameters={mode=0}";
        assertThat(entries(deviceId, UUID.fromString(byOperator))).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("actor", "operator").containsEntry("action", "COMMAND_SWITCH_RELAY")
                .containsEntry("detail", wording));
        assertThat(entries(deviceId, byService.commandId())).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("actor", HEARTBEAT).containsEntry("action", "COMMAND_SWITCH_RELAY")
                .containsEntry("detail", wording));
    }

    @Test
    void aCommandWithAnInvalidParameterIsAuditedAsInvalidWithoutItsValues() {
        String deviceId = createDevice();
        DeviceCommand power = heartbeatCommand(deviceId, DeviceCommand.Type.SET_POWER, Map.of("port", "9", "on", "1"),
                "power cycle", Instant.now());
        DeviceCommand password = heartbeatCommand(deviceId, DeviceCommand.Type.SET_KEY,
                Map.of("key", "apwd", "value", "hunter2"), "rotate", Instant.now());
        Topics.publish(Topic.DEVICE_COMMANDS, power);
        Topics.publish(Topic.DEVICE_COMMANDS, password);
        await().atMost(Duration.ofSeconds(15)).until(() -> entries(deviceId, password.commandId()).size() == 1);

        // not "power port 9 on": the gateway refuses it, and the audit says so
        assertThat(entries(deviceId, power.commandId())).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("action", "COMMAND_SET_POWER").containsEntry("detail",
                        "invalid SET_POWER: parameters.port: '9' is not a port (allowed: 1 or 2); parameters given: "
                                + "on, port"));
        assertThat(entries(deviceId, password.commandId())).singleElement().satisfies(e -> assertThat(
                (String) e.get("detail")).startsWith("invalid SET_KEY: parameters.key: 'apwd' cannot be set by command")
                .doesNotContain("hunter2"));
    }

    @Test
    void aMalformedCommandIsDeadLetteredAndTheNextOneAudited() {
        String deviceId = createDevice();
        double before = deadLettered();
        Topics.publishRaw(Topic.DEVICE_COMMANDS, deviceId, "{\"type\":\"SWITCH_RELAY\",\"deviceId\":\"" + deviceId
                + "\",\"requestedBy\":\"\"");
        DeviceCommand rearm = heartbeatCommand(deviceId, DeviceCommand.Type.WATCHDOG_REARM, Map.of(),
                "pair recovers: primary PBX A is healthy", Instant.now());
        Topics.publish(Topic.DEVICE_COMMANDS, rearm);

        await().atMost(Duration.ofSeconds(15)).until(() -> entries(deviceId, rearm.commandId()).size() == 1);
        viewer().get("/api/audit?actor=" + HEARTBEAT + "&targetId=" + deviceId).then().body("", hasSize(1))
                .body("[0].detail", equalTo("re-arm the watchdog"));
        assertThat(deadLettered()).isGreaterThan(before);
    }

    /** The unreadable records of the commands topic the service dead-lettered, from its metrics. */
    private static double deadLettered() {
        return IngestAbuseTest.deadLettered("fos.device.commands", "unreadable");
    }
}
