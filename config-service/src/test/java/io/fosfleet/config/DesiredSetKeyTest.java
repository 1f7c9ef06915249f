package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.operator;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.fosfleet.config.grpc.v1.CommandApi;
import io.fosfleet.config.grpc.v1.SendCommandRequest;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcClientUtils;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's SET_KEY against the device's desired settings: refused (409, naming the layer and how to change it)
 * where drift policy ENFORCE would silently write the desired value back; with {@code updateDesired=true} the desired
 * value changes in the same request; under REPORT accepted with a note that the device will then differ.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class DesiredSetKeyTest {

    private static final String PROBLEM = "application/problem+json";

    @GrpcClient("config")
    CommandApi commands;

    /** A device in a site of its own, so that the site's settings touch no other test. */
    private static String deviceInSite(String site, Map<String, String> own, String policy) {
        Map<String, Object> d = Fixtures.device(unique("fos"));
        d.put("site", site);
        d.put("settings", own);
        if (policy != null) {
            d.put("driftPolicy", policy);
        }
        return createDevice(d);
    }

    private static void siteSettings(String site, Map<String, String> settings, String policy) {
        admin().body(Map.of("settings", settings, "driftPolicy", policy)).put("/api/settings/sites/" + site)
                .then().statusCode(200);
    }

    private static Map<String, Object> setKey(String key, String value, Map<String, String> more) {
        Map<String, String> parameters = new java.util.HashMap<>(more);
        parameters.put("key", key);
        parameters.put("value", value);
        return Map.of("type", "SET_KEY", "parameters", parameters, "reason", "rename for the new rack, CHG-12");
    }

    @Test
    void setKeyOnAKeyTheSiteEnforcesIsRefusedNamingTheLayerAndHowToChangeIt() {
        String site = unique("site");
        siteSettings(site, Map.of("hostname", "fos-site"), "ENFORCE");
        String deviceId = deviceInSite(site, Map.of(), null);

        operator().body(setKey("hostname", "fos-mine", Map.of())).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("hostname has the desired value 'fos-site', set by site:" + site))
                .body("detail", containsString("drift policy ENFORCE (from site:" + site + ")"))
                .body("detail", containsString("PUT /api/settings/sites/" + site))
                .body("detail", containsString("parameters.updateDesired=true"));

        // nothing was sent, nothing audited as a command
        viewer().get("/api/commands?deviceId=" + deviceId).then().statusCode(200).body("", hasSize(0));
        viewer().get("/api/audit?targetId=" + deviceId + "&action=COMMAND_SET_KEY").then().body("", hasSize(0));
        // a key the desired settings do not name, or the desired value itself, is sent as before
        operator().body(setKey("wdogitime", "12", Map.of())).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202).body("note", nullValue());
        operator().body(setKey("hostname", "fos-site", Map.of())).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202).body("note", nullValue());
    }

    @Test
    void setKeyOnAKeyTheDeviceItselfEnforcesNamesTheDeviceLayerAndItsEndpoint() {
        String deviceId = deviceInSite(unique("site"), Map.of("hostname", "fos-own"), "ENFORCE");

        operator().body(setKey("hostname", "fos-mine", Map.of())).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("set by device"))
                .body("detail", containsString("PUT /api/devices/" + deviceId + "/settings"));
    }

    @Test
    void withUpdateDesiredTheDesiredValueChangesInTheSameRequestAuditedAndTheCommandIsSent() {
        String site = unique("site");
        siteSettings(site, Map.of("hostname", "fos-site"), "ENFORCE");
        String deviceId = deviceInSite(site, Map.of("wdogitime", "30"), null);

        String commandId = operator().body(setKey("hostname", "fos-mine", Map.of("updateDesired", "true")))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(202)
                .body("note", equalTo("the device's own desired hostname is now 'fos-mine' (it overrides 'fos-site'"
                        + " from site:" + site + ")"))
                .extract().path("commandId");

        // the device's own desired settings keep what they had and gain the key
        viewer().get("/api/devices/" + deviceId).then().statusCode(200)
                .body("settings.hostname", equalTo("fos-mine")).body("settings.wdogitime", equalTo("30"));
        await().atMost(Duration.ofSeconds(15)).until(() -> Topics.matching(Topic.CONFIG, ConfigRecord.class,
                r -> r.device() != null && r.deviceId().value().equals(deviceId)
                        && "fos-mine".equals(r.device().desired().get("hostname"))).size() == 1);
        DeviceCommand sent = await().atMost(Duration.ofSeconds(15)).until(() -> Topics.matching(
                Topic.DEVICE_COMMANDS, DeviceCommand.class, c -> c.commandId().toString().equals(commandId)).stream()
                .findFirst().orElse(null), c -> c != null);
        assertThat(sent.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of("key", "hostname", "value", "fos-mine",
                "updateDesired", "true"));
        viewer().get("/api/audit?targetId=" + deviceId + "&action=DEVICE_SETTINGS_SET").then().body("", hasSize(1))
                .body("[0].actor", equalTo("operator")).body("[0].reason", equalTo("rename for the new rack, CHG-12"))
                .body("[0].detail", containsString("settings.hostname=fos-mine"))
                .body("[0].detail", containsString(commandId));
        // a value the desired settings cannot take is refused before anything changes
        operator().body(setKey("hostname", "fos-mine", Map.of("updateDesired", "maybe")))
                .post("/api/devices/" + deviceId + "/commands").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("parameters.updateDesired"));
    }

    @Test
    void underReportASetKeyIsAcceptedAndSaysTheDeviceWillThenDifferFromItsDesiredSetting() {
        String site = unique("site");
        siteSettings(site, Map.of("hostname", "fos-site"), "REPORT");
        String deviceId = deviceInSite(site, Map.of(), null);

        operator().body(setKey("hostname", "fos-mine", Map.of())).post("/api/devices/" + deviceId + "/commands")
                .then().statusCode(202)
                .body("note", containsString("the device will then differ from its desired setting: hostname has the"
                        + " desired value 'fos-site', set by site:" + site))
                .body("note", containsString("drift policy REPORT (from site:" + site + ") reports that as drift"))
                .body("note", containsString("PUT /api/settings/sites/" + site));
        viewer().get("/api/devices/" + deviceId).then().body("settings.hostname", nullValue());
    }

    @Test
    void theGrpcCommandPathRefusesAnEnforcedKeyTooAndTakesUpdateDesired() {
        String site = unique("site");
        siteSettings(site, Map.of("hostname", "fos-site"), "ENFORCE");
        String deviceId = deviceInSite(site, Map.of(), null);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + Api.token("operator"));
        CommandApi client = GrpcClientUtils.attachHeaders(commands, headers);
        SendCommandRequest.Builder request = SendCommandRequest.newBuilder().setDeviceId(deviceId).setType("SET_KEY")
                .putParameters("key", "hostname").putParameters("value", "fos-mine").setReason("CHG-12");

        StatusRuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> client.send(request.build()).await().atMost(Duration.ofSeconds(10)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refused.getStatus().getDescription()).contains("set by site:" + site)
                .contains("PUT /api/settings/sites/" + site);

        assertThat(client.send(request.putParameters("updateDesired", "true").build()).await()
                .atMost(Duration.ofSeconds(10)).getStatus()).isEqualTo("PENDING");
        viewer().get("/api/devices/" + deviceId).then().body("settings.hostname", equalTo("fos-mine"));
    }
}
