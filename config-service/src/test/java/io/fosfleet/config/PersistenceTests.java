package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static io.fosfleet.config.Fixtures.device;
import static io.fosfleet.config.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inventory, settings, outbox publication and audit through the REST API; run against H2 and against PostgreSQL by
 * the subclasses.
 */
abstract class PersistenceTests {

    private static ConfigRecord latestConfig(String deviceId) {
        List<ConfigRecord> records = Topics.matching(Topic.CONFIG, ConfigRecord.class,
                r -> r.deviceId().value().equals(deviceId));
        return records.isEmpty() ? null : records.get(records.size() - 1);
    }

    private static ConfigRecord awaitConfig(String deviceId, java.util.function.Predicate<ConfigRecord> matches) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> latestConfig(deviceId),
                r -> r != null && matches.test(r));
    }

    @Test
    void registeredDeviceIsReadBackAndPublishedToFosConfig() {
        String id = unique("fos");
        Map<String, Object> body = device(id);
        body.put("settings", Map.of("wdogitime", "30", "modedef", "yes"));
        createDevice(body);

        viewer().get("/api/devices/" + id).then().statusCode(200)
                .body("mac", equalTo(((String) body.get("mac")).toLowerCase()))
                .body("httpPort", equalTo(80))
                .body("credentialName", equalTo("rack-a"))
                .body("settings.modedef", equalTo("1"))
                .body("effectiveSettings.wdogitime.value", equalTo("30"))
                .body("effectiveSettings.wdogitime.from", equalTo("device"));

        ConfigRecord record = awaitConfig(id, r -> r.type() == ConfigRecord.Type.DESIRED);
        assertThat(record.device().desired()).containsEntry("wdogitime", "30").containsEntry("modedef", "1");
        assertThat(record.device().credentialName()).isEqualTo("rack-a");
        assertThat(record.pair()).isNull();
    }

    @Test
    void invalidDeviceIsRefusedWithEveryFieldNamedAndNothingSaved() {
        String id = unique("fos");
        Map<String, Object> body = device(id);
        body.put("mac", "00:19:32:00:00");
        body.put("host", "10.0.0.300");
        body.put("httpPort", 70000);
        body.put("settings", Map.of("wdogitime", "0", "mode", "1", "apwd", "secret", "colour", "red"));

        admin().body(body).post("/api/devices").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("mac", "host", "httpPort", "settings.wdogitime", "settings.mode",
                        "settings.apwd", "settings.colour"))
                .body("errors.find { it.field == 'settings.wdogitime' }.allowed", equalTo("a number from 1 to 65535"))
                .body("errors.find { it.field == 'mac' }.allowed", containsString("00:19:32:00:00:58"))
                .body(org.hamcrest.Matchers.not(containsString("secret")));

        viewer().get("/api/devices/" + id).then().statusCode(404).contentType("application/problem+json");
        assertThat(latestConfig(id)).isNull();
    }

    @Test
    void duplicateMacOrNameIsAConflictAndPublishesNothing() {
        Map<String, Object> first = device(unique("fos"));
        createDevice(first);
        String id = unique("fos");
        Map<String, Object> second = device(id);
        second.put("mac", ((String) first.get("mac")).toUpperCase());
        admin().body(second).post("/api/devices").then().statusCode(409)
                .body("errors[0].field", equalTo("mac"))
                .body("errors[0].problem", containsString((String) first.get("id")));
        second.put("mac", Fixtures.randomMac());
        second.put("name", first.get("name"));
        admin().body(second).post("/api/devices").then().statusCode(409).body("errors[0].field", equalTo("name"));
        assertThat(latestConfig(id)).isNull();
    }

    @Test
    void siteAndFleetSettingsApplyUnderTheDevicesOwnAndRepublish() {
        String site = unique("site");
        String id = unique("fos");
        Map<String, Object> body = device(id);
        body.put("site", site);
        body.put("settings", Map.of("wdogitime", "20"));
        createDevice(body);

        admin().body(Map.of("settings", Map.of("wdogitime", "10", "syslog", "1", "slgip", "10.0.0.9"),
                "driftPolicy", "ENFORCE")).put("/api/settings/sites/" + site).then().statusCode(200);

        viewer().get("/api/devices/" + id).then().statusCode(200)
                .body("effectiveSettings.wdogitime.value", equalTo("20"))
                .body("effectiveSettings.wdogitime.from", equalTo("device"))
                .body("effectiveSettings.slgip.from", equalTo("site:" + site))
                .body("effectiveDriftPolicy", equalTo("ENFORCE"));
        ConfigRecord record = awaitConfig(id, r -> r.device() != null
                && r.device().driftPolicy() == DeviceConfig.DriftPolicy.ENFORCE);
        assertThat(record.device().desired()).containsEntry("wdogitime", "20").containsEntry("slgip", "10.0.0.9")
                .containsEntry("syslog", "1");

        admin().body(Map.of("settings", Map.of("slgpt", "99999"))).put("/api/settings/sites/" + site).then()
                .statusCode(400).body("errors[0].field", equalTo("settings.slgpt"));
    }

    @Test
    void pairIsPublishedWithItsDeviceAndADeviceServesOnePair() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);

        ConfigRecord record = awaitConfig(deviceId, r -> r.pair() != null);
        assertThat(record.pair().pairId()).isEqualTo(pairId);
        assertThat(record.pair().kickInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(record.pair().probes()).hasSize(1);
        assertThat(record.pair().probes().get(0).host()).isEqualTo("10.0.1.10");

        admin().body(Map.of("id", unique("pair"), "deviceId", deviceId, "primaryNodeId",
                        Fixtures.createNode("10.0.2.1"), "secondaryNodeId", Fixtures.createNode("10.0.2.2")))
                .post("/api/pairs").then().statusCode(409).body("errors[0].field", equalTo("deviceId"));
        admin().delete("/api/devices/" + deviceId).then().statusCode(409)
                .body("detail", containsString(pairId));
    }

    @Test
    void pairReferencesMustExistAndDiffer() {
        String node = Fixtures.createNode("10.0.3.1");
        admin().body(Map.of("id", unique("pair"), "deviceId", "no-such-device", "primaryNodeId", node,
                        "secondaryNodeId", node, "scenario", 2, "kickInterval", "PT0.01S"))
                .post("/api/pairs").then().statusCode(400)
                .body("errors.field", hasItems("deviceId", "secondaryNodeId", "scenario", "kickInterval"));
    }

    @Test
    void maintenanceNeedsAReasonIsPublishedAndAudited() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);

        operator().body(Map.of("enabled", true)).post("/api/pairs/" + pairId + "/maintenance").then()
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        operator().body(Map.of("enabled", true, "reason", "PBX upgrade CHG-1234"))
                .post("/api/pairs/" + pairId + "/maintenance").then().statusCode(200)
                .body("maintenance", equalTo(true));

        awaitConfig(deviceId, r -> r.pair() != null && r.pair().maintenance());
        viewer().get("/api/audit?targetId=" + pairId).then().statusCode(200)
                .body("[0].action", equalTo("MAINTENANCE_ON"))
                .body("[0].actor", equalTo("operator"))
                .body("[0].reason", equalTo("PBX upgrade CHG-1234"))
                .body("[0].result", equalTo("OK"));
    }

    @Test
    void deletedDeviceIsPublishedAsDeletedAndAudited() {
        String id = createDevice();
        admin().delete("/api/devices/" + id + "?reason=decommissioned").then().statusCode(204);
        awaitConfig(id, r -> r.type() == ConfigRecord.Type.DELETED);
        viewer().get("/api/audit?targetType=DEVICE&targetId=" + id).then().statusCode(200)
                .body("action", hasItems("DEVICE_CREATED", "DEVICE_DELETED"))
                .body("[0].actor", equalTo("admin"))
                .body("[0].reason", equalTo("decommissioned"));
    }

    @Test
    void nodeProbesAreCheckedByTheEventsRules() {
        admin().body(Map.of("id", unique("pbx"), "name", unique("PBX"), "host", "10.0.4.1", "probes", List.of(
                        Map.of("type", "HTTP", "port", 80, "interval", "PT2S", "timeout", "PT1S",
                                "failureThreshold", 3, "successThreshold", 1))))
                .post("/api/nodes").then().statusCode(400)
                .body("errors[0].field", equalTo("probes[0].path"));
        admin().body(Map.of("id", unique("pbx"), "name", unique("PBX"), "host", "10.0.4.1", "probes", List.of(
                        Map.of("type", "PASSIVE", "interval", "PT2S", "timeout", "PT6S",
                                "failureThreshold", 1, "successThreshold", 1))))
                .post("/api/nodes").then().statusCode(201).body("probes[0].host", nullValue());
    }

    @Test
    void unreadableJsonNamesTheField() {
        Map<String, Object> body = device(unique("fos"));
        body.put("driftPolicy", "SOMETIMES");
        admin().body(body).post("/api/devices").then().statusCode(400)
                .body("errors[0].field", equalTo("driftPolicy"));
    }

    @Test
    void listsFilterBySite() {
        String site = unique("site");
        Map<String, Object> body = device(unique("fos"));
        body.put("site", site);
        String id = createDevice(body);
        viewer().get("/api/devices?site=" + site).then().statusCode(200).body("id", equalTo(List.of(id)));
        viewer().get("/api/devices").then().statusCode(200).body("id", hasItem(id));
    }
}
