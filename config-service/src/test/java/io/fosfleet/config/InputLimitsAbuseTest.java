package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createNode;
import static io.fosfleet.config.Fixtures.createPair;
import static io.fosfleet.config.Fixtures.device;
import static io.fosfleet.config.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile client sends: over-long and control-character values, too many probes, query parameters
 * that do not parse, unknown enum values, broken JSON, huge and mistyped import files. Each is refused with a 400
 * problem naming the field and the limit (never a 500 from the database, never a Java class name), and nothing is
 * stored.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class InputLimitsAbuseTest {

    private static final String PROBLEM = "application/problem+json";

    /** A 400 problem whose fields include {@code field}, with the limit in its allowed values, no class names. */
    private static ValidatableResponse refused(ValidatableResponse r, String field, String limit) {
        return r.statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.allowed", containsString(limit))
                .body(not(containsString("io.fosfleet"))).body(not(containsString("java.")));
    }

    private static Map<String, Object> probe(String type) {
        Map<String, Object> p = new HashMap<>();
        p.put("type", type);
        p.put("port", 5060);
        p.put("interval", "PT2S");
        p.put("timeout", "PT1S");
        p.put("failureThreshold", 3);
        p.put("successThreshold", 2);
        return p;
    }

    private static Map<String, Object> node(String id, List<Map<String, Object>> probes) {
        return Map.of("id", id, "name", "PBX " + id, "host", "10.0.1.10", "probes", probes);
    }

    @Test
    void overLongCommandReasonIsRefusedAndNoCommandIsStored() {
        String deviceId = createDevice();
        refused(operator().body(Map.of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "0"),
                        "reason", "r".repeat(501))).post("/api/devices/" + deviceId + "/commands").then(),
                "reason", "500");
        viewer().get("/api/commands?deviceId=" + deviceId).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void overLongMaintenanceReasonIsRefusedAndThePairStaysAsItWas() {
        String pairId = createPair(createDevice());
        refused(operator().body(Map.of("enabled", true, "reason", "m".repeat(600)))
                .post("/api/pairs/" + pairId + "/maintenance").then(), "reason", "500");
        viewer().get("/api/pairs/" + pairId).then().statusCode(200).body("maintenance", equalTo(false));
    }

    @Test
    void overLongOrBrokenScanParametersAreRefusedAndNoScanIsStored() {
        int before = viewer().get("/api/commands?deviceId=discovery&limit=1000").then().extract()
                .path("size()");
        refused(operator().body(Map.of("parameters", Map.of("host", "h".repeat(5000)), "reason", "inventory"))
                .post("/api/commands/scan").then(), "parameters.host", "63")
                .body(not(containsString("h".repeat(100))));
        refused(operator().body(Map.of("parameters", Map.of("range", "10.0.0.0/24\r\nX: y"), "reason", "inventory"))
                .post("/api/commands/scan").then(), "parameters.range", "a.b.c.d/nn");
        viewer().get("/api/commands?deviceId=discovery&limit=1000").then().body("size()", equalTo(before));
    }

    @Test
    void siteNamesFitTheAuditAndLongerOnesAreRefused() {
        String prefix = unique("s");
        String site = prefix + "x".repeat(60 - prefix.length());
        admin().body(Map.of("settings", Map.of("wdogitime", "20"))).put("/api/settings/sites/" + site).then()
                .statusCode(200);
        viewer().get("/api/audit?targetId=site:" + site).then().statusCode(200)
                .body("action", hasItem("SETTINGS_SITE_SET"));

        String tooLong = unique("s") + "y".repeat(70);
        refused(admin().body(Map.of("settings", Map.of("wdogitime", "20"))).put("/api/settings/sites/" + tooLong)
                .then(), "site", "64");
        viewer().get("/api/settings/sites").then().body("$", not(hasItem(tooLong)));

        Map<String, Object> d = device(unique("fos"));
        d.put("site", "z".repeat(65));
        refused(admin().body(d).post("/api/devices").then(), "site", "64");
        viewer().get("/api/devices/" + d.get("id")).then().statusCode(404);
    }

    @Test
    void tooManyProbesAreRefusedAndTheNodeIsNotStored() {
        String id = unique("pbx");
        List<Map<String, Object>> probes = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            probes.add(probe("TCP"));
        }
        refused(admin().body(node(id, probes)).post("/api/nodes").then(), "probes", "at most 8");
        viewer().get("/api/nodes/" + id).then().statusCode(404);
    }

    @Test
    void overLongProbePathAndLineBreaksInProbeHostsAndPathsAreRefused() {
        String id = unique("pbx");
        Map<String, Object> http = probe("HTTP");
        http.put("path", "/" + "p".repeat(9000));
        refused(admin().body(node(id, List.of(http))).post("/api/nodes").then(), "probes[0].path", "256")
                .body(not(containsString("p".repeat(100))));

        Map<String, Object> crlfPath = probe("HTTP");
        crlfPath.put("path", "/health\r\nX-Injected: 1");
        refused(admin().body(node(id, List.of(crlfPath))).post("/api/nodes").then(), "probes[0].path",
                "no control characters");

        Map<String, Object> crlfHost = probe("SIP_OPTIONS");
        crlfHost.put("host", "pbx.example\r\nVia: evil");
        refused(admin().body(node(id, List.of(crlfHost))).post("/api/nodes").then(), "probes[0].host",
                "host name");
        viewer().get("/api/nodes/" + id).then().statusCode(404);
    }

    /** The widest node the limits allow, in a pair with a device: every column holds it (node, outbox). */
    @Test
    void theLargestAllowedNodesAndPairAreStored() {
        List<Map<String, Object>> probes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> p = probe("HTTP");
            p.put("host", "h".repeat(63));
            p.put("path", "/" + "\"".repeat(255));
            p.put("expectedStatus", 204);
            probes.add(p);
        }
        String primary = unique("pbx");
        String secondary = unique("pbx");
        admin().body(node(primary, probes)).post("/api/nodes").then().statusCode(201);
        admin().body(node(secondary, probes)).post("/api/nodes").then().statusCode(201);
        Map<String, Object> d = device(unique("fos"));
        d.put("name", "n".repeat(100));
        d.put("credentialName", "c".repeat(100));
        d.put("site", "s".repeat(64));
        d.put("rack", "r".repeat(64));
        String deviceId = createDevice(d);
        admin().body(Map.of("id", unique("pair"), "deviceId", deviceId, "primaryNodeId", primary,
                "secondaryNodeId", secondary)).post("/api/pairs").then().statusCode(201);
    }

    @Test
    void controlCharactersAreRefusedInNamesAndSites() {
        for (String bad : List.of("rack\n7", "rack\t7", "rack\u007f7", "rack\u00857", "rack\u202e7")) {
            Map<String, Object> d = device(unique("fos"));
            d.put("name", bad);
            d.put("rack", bad);
            refused(admin().body(d).post("/api/devices").then(), "name", "no control characters")
                    .body("errors.field", hasItem("rack"));
            viewer().get("/api/devices/" + d.get("id")).then().statusCode(404);
        }
    }

    @Test
    void overLongIdIsRefusedWithoutRepeatingIt() {
        Map<String, Object> d = device("i".repeat(9000));
        refused(admin().body(d).post("/api/devices").then(), "id", "64")
                .body(not(containsString("i".repeat(100))));
    }

    @Test
    void queryParametersThatDoNotParseAre400NamingThem() {
        refused(viewer().get("/api/history?limit=abc").then(), "limit", "whole number");
        refused(viewer().get("/api/history?from=yesterday").then(), "from", "ISO-8601");
        refused(viewer().get("/api/history?to=2026-13-01").then(), "to", "ISO-8601");
        refused(viewer().get("/api/history?kind=PHONE").then(), "kind", "DEVICE, HEARTBEAT");
        refused(viewer().get("/api/history?type=EXPLODED").then(), "type", "FAILOVER");
        refused(viewer().get("/api/audit?limit=ten").then(), "limit", "whole number");
        refused(viewer().get("/api/audit?from=now").then(), "from", "ISO-8601");
        refused(viewer().get("/api/commands?limit=1e3").then(), "limit", "whole number");
        viewer().get("/api/history?limit=5000&from=2026-01-01T00:00:00Z").then().statusCode(200);
    }

    @Test
    void anImportIsNotAppliedByADryRunValueThatIsNotABoolean() {
        String id = unique("fos");
        String conf = "[" + id + "]\nmac = " + Fixtures.randomMac() + "\nhost = 10.3.0.5\n";
        refused(admin().contentType(ContentType.TEXT).body(conf).post("/api/import/etc-bnfos-conf?dryRun=maybe")
                .then(), "dryRun", "true or false");
        viewer().get("/api/devices/" + id).then().statusCode(404);
    }

    @Test
    void unknownEnumValuesListTheAllowedOnesWithoutClassNames() {
        Map<String, Object> d = device(unique("fos"));
        d.put("driftPolicy", "SOMETIMES");
        refused(admin().body(d).post("/api/devices").then(), "driftPolicy", "ENFORCE")
                .body("errors[0].allowed", containsString("REPORT"));
        viewer().get("/api/devices/" + d.get("id")).then().statusCode(404);

        refused(operator().body(Map.of("type", "EXPLODE", "reason", "x")).post("/api/devices/"
                + createDevice() + "/commands").then(), "type", "SWITCH_RELAY");

        Map<String, Object> probe = probe("ICMP");
        refused(admin().body(node(unique("pbx"), List.of(probe))).post("/api/nodes").then(), "probes[0].type",
                "SIP_OPTIONS");
    }

    @Test
    void aMissingParameterValueIsNamedNotAnInternalError() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("phy", null);
        refused(operator().body(Map.of("type", "NETCONF", "parameters", parameters, "reason", "cabling"))
                .post("/api/devices/" + createDevice() + "/commands").then(), "parameters.phy", "0 auto");
    }

    @Test
    void wrongTypesAreDescribedInWords() {
        Map<String, Object> d = device(unique("fos"));
        d.put("httpPort", "eighty");
        refused(admin().body(d).post("/api/devices").then(), "httpPort", "a number");
    }

    @Test
    void malformedJsonSaysWhereWithoutRepeatingTheInput() {
        String huge = "{\n  \"id\": " + "x".repeat(100_000) + "\n}";
        admin().body(huge).post("/api/devices").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("line 2, column"))
                .body("errors[0].field", equalTo("body"))
                .body(not(containsString("x".repeat(100))))
                .body(not(containsString("io.fosfleet"))).body(not(containsString("java.")));
        admin().body("{\"id\": \"a\",").post("/api/nodes").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("line 1, column"));
    }

    @Test
    void fortyThousandSectionsAreAllPlannedInADryRun() throws Exception {
        String prefix = unique("bulk");
        StringBuilder conf = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            conf.append(String.format("[%s-%d]%nmac = 02:00:00:%02X:%02X:%02X%nhost = 10.%d.%d.%d%n", prefix, i,
                    i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff, 100 + (i >> 16 & 0xff), i >> 8 & 0xff, i & 0xff));
        }
        String answer = admin().contentType(ContentType.TEXT).body(conf.toString()).post("/api/import/etc-bnfos-conf")
                .then().statusCode(200).extract().asString();
        JsonNode report = new ObjectMapper().readTree(answer);
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("applied").asBoolean()).isFalse();
        assertThat(report.get("errors")).isEmpty();
        JsonNode changes = report.get("changes");
        assertThat(changes).hasSize(40_000);
        for (int i = 0; i < 40_000; i++) {
            assertThat(changes.get(i).get("action").asText()).isEqualTo("CREATE");
            assertThat(changes.get(i).get("section").asText()).isEqualTo(prefix + "-" + i);
            assertThat(changes.get(i).get("line").asInt()).isEqualTo(3 * i + 1);
        }
        viewer().get("/api/devices/" + prefix + "-0").then().statusCode(404);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedNamingTheLimit() {
        String conf = ";" + "x".repeat(5_000_000) + "\n";
        admin().contentType(ContentType.TEXT).body(conf).post("/api/import/etc-bnfos-conf").then()
                .statusCode(413).contentType(PROBLEM)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].allowed", containsString("5000000"));
    }

    @Test
    void aMistypedLoginLineDoesNotEchoThePassword() {
        String id = unique("fos");
        String etc = "[" + id + "]\nmac = " + Fixtures.randomMac() + "\nhost = 10.3.0.6\nlogin admin:Sup3rS3cret\n";
        admin().contentType(ContentType.TEXT).body(etc).post("/api/import/etc-bnfos-conf").then().statusCode(200)
                .body("errors[0].line", equalTo(4)).body(not(containsString("Sup3rS3cret")));
        admin().contentType(ContentType.TEXT).body(etc).post("/api/import/etc-bnfos-conf?dryRun=false").then()
                .statusCode(400).body("errors[0].field", equalTo("line 4")).body(not(containsString("Sup3rS3cret")));

        String res = "[" + id + "]\ndev_mac=00:19:32:00:00:01\nsecret Sup3rS3cret\n";
        admin().contentType(ContentType.TEXT).body(res).post("/api/import/res-bnfos-conf").then().statusCode(200)
                .body("errors.line", hasItem(3)).body(not(containsString("Sup3rS3cret")));
    }

    @Test
    void changingADeviceAddressIsAudited() {
        Map<String, Object> d = device(unique("fos"));
        String id = createDevice(d);
        d.put("host", "10.9.9.9");
        admin().body(d).put("/api/devices/" + id).then().statusCode(200);
        viewer().get("/api/audit?targetId=" + id + "&action=DEVICE_ADDRESS_CHANGED").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].actor", equalTo("admin"))
                .body("[0].detail", equalTo("host 10.0.0.5:80 -> 10.9.9.9:80"))
                .body("[0].at", not(equalTo(null)));

        d.put("name", "renamed " + id);
        admin().body(d).put("/api/devices/" + id).then().statusCode(200);
        viewer().get("/api/audit?targetId=" + id + "&action=DEVICE_ADDRESS_CHANGED").then().body("$", hasSize(1));
    }

    @Test
    void anOverLongRemovalReasonIsRefusedAndTheNodeStays() {
        String nodeId = createNode("10.0.1.12");
        refused(admin().delete("/api/nodes/" + nodeId + "?reason=" + "q".repeat(501)).then(), "reason", "500");
        viewer().get("/api/nodes/" + nodeId).then().statusCode(200);
    }
}
