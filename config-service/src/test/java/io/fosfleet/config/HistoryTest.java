package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet view and history fed by the other services' topics, and the HA check against heartbeat timing. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class HistoryTest {

    @Test
    void stateAndEventsAreQueryableByDevicePairSiteTypeAndTime() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        DeviceId id = DeviceId.of(deviceId);
        Instant t0 = Instant.now().minusSeconds(60);

        Topics.publish(Topic.DEVICE_STATE, DeviceState.snapshot(id, t0, "device-gateway", t0, true, false,
                Map.of("mode", "1", "wdogitime", "10")));
        Topics.publish(Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.FAILOVER, id, t0.plusSeconds(10),
                "device-gateway", 42, Map.of("mode", "0"), "Wdog swithed: Failover (timeout)"));
        Topics.publish(Topic.HEARTBEAT_EVENTS, HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, id, pairId,
                t0.plusSeconds(5), "heartbeat-service", "primary down", Map.of()));
        // a record of a newer schema this version cannot read is skipped, not blocking the ones after it
        Topics.publishRaw(Topic.DEVICE_EVENTS, deviceId, "{\"type\":\"TELEPORTED\",\"deviceId\":\"" + deviceId + "\"}");
        Topics.publish(Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.REARMED, id, t0.plusSeconds(20),
                "device-gateway", 40, Map.of(), "Wdog swithed: on"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> viewer().get("/api/history?deviceId=" + deviceId)
                .then().statusCode(200).body("", hasSize(3)));
        viewer().get("/api/history?deviceId=" + deviceId).then()
                .body("type", equalTo(java.util.List.of("REARMED", "FAILOVER", "PRIMARY_DOWN")))
                .body("[1].details.syslogCode", equalTo("42"))
                .body("[1].pairId", equalTo(pairId))
                .body("[1].site", equalTo("fra1"));
        viewer().get("/api/history?pairId=" + pairId + "&kind=HEARTBEAT").then().body("", hasSize(1));
        viewer().get("/api/history?site=fra1&type=FAILOVER&deviceId=" + deviceId).then().body("", hasSize(1));
        viewer().get("/api/history?deviceId=" + deviceId + "&from=" + t0.plusSeconds(8) + "&to="
                + t0.plusSeconds(15)).then().body("type", equalTo(java.util.List.of("FAILOVER")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> viewer().get("/api/fleet/" + deviceId).then()
                .body("reachable", equalTo(true)).body("values.mode", equalTo("1")).body("pairId", equalTo(pairId)));
    }

    @Test
    void haCheckWarnsWhenTheWatchdogIsShorterThanTheWorstCaseKickGap() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        viewer().get("/api/pairs/" + pairId + "/ha-check").then().body("verdict", equalTo("UNKNOWN"));

        admin().body(Map.of("wdogitime", "3")).put("/api/devices/" + deviceId + "/settings").then().statusCode(200);
        Topics.publish(Topic.HEARTBEAT_EVENTS, HeartbeatEvent.create(HeartbeatEvent.Type.STARTING,
                DeviceId.of(deviceId), pairId, Instant.now(), "heartbeat-service", "kicking in 1 s",
                Map.of("worstCaseGap", "PT3.25S", "kickInterval", "PT2S")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> viewer().get("/api/pairs/" + pairId + "/ha-check")
                .then().body("verdict", equalTo("WARNING")).body("worstCaseGap", equalTo("PT3.25S"))
                .body("watchdogIntervalFrom", equalTo("desired (device)"))
                // the message is for people: durations in words; the fields stay ISO-8601
                .body("message", containsString("watchdog interval 3 s is not longer than the worst-case kick gap "
                        + "3.25 s")).body("message", containsString("set wdogitime to 4 s or more")));

        admin().body(Map.of("wdogitime", "10")).put("/api/devices/" + deviceId + "/settings").then().statusCode(200);
        viewer().get("/api/pairs/" + pairId).then().body("haCheck.verdict", equalTo("OK"));
    }
}
