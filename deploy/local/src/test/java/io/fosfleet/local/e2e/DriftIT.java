package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.Observe.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.local.Launch;
import io.fosfleet.protocol.Key;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.testing.sinks.SmtpSink;
import io.fosfleet.testing.sinks.SyslogListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, "drift means drift": a change of desired settings through the API is applied and reported as
 * CONFIG_APPLIED, and the NOC gets no ConfigDrift warning for it; an operator's SET_KEY on a key the desired settings
 * enforce is refused (409, naming the layer) instead of being silently undone, and goes through with
 * {@code updateDesired=true}. Uses the loose device {@link #DEVICE} (no pair; GatewayReplicaKillIT only switches its
 * relay) and gives its registration back as found.
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftIT {

    private static final String DEVICE = FosfleetSystem.LOOSE_DEVICES.get(FosfleetSystem.LOOSE_DEVICES.size() - 1);
    /** Longer than alert-service's group wait (1 s) and a few 1 s polls, with room for a loaded machine. */
    private static final Duration NOTHING_SENT = Duration.ofSeconds(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FosfleetSystem system;
    private static Map<String, Object> registration;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
        JsonNode device = FosfleetSystem.json(system.get(system.configUrl() + "/api/devices/" + DEVICE,
                system.token("viewer")));
        registration = new LinkedHashMap<>();
        for (String field : List.of("id", "name", "mac", "host", "httpPort", "credentialName", "site", "rack",
                "pollInterval", "driftPolicy", "settings")) {
            if (!device.path(field).isMissingNode() && !device.path(field).isNull()) {
                registration.put(field, JSON.convertValue(device.path(field), Object.class));
            }
        }
    }

    @AfterAll
    static void giveTheRegistrationBack() throws Exception {
        if (registration != null) {
            HttpResponse<String> r = put("/api/devices/" + DEVICE, system.token("admin"), registration);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    @Order(1)
    void aDesiredSettingChangedThroughTheApiIsAppliedAndNoDriftWarningGoesOut() throws Exception {
        String admin = system.token("admin");
        SimulatedDevice fos = system.simulatedDevice(DEVICE);
        String before = fos.value(Key.WDOGITIME);
        String wanted = "12".equals(before) ? "13" : "12";
        Marks marks = Marks.now();

        try (KafkaTap events = system.tap("fos.device.events")) {
            HttpResponse<String> r = put("/api/devices/" + DEVICE + "/settings", admin, Map.of("wdogitime", wanted));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            // the loose devices run the default policy, REPORT: before, the value was never written and a
            // ConfigDrift warning went out
            await("the device takes the desired wdogitime").atMost(STEP).pollInterval(Duration.ofMillis(100))
                    .until(() -> wanted.equals(fos.value(Key.WDOGITIME)));
            JsonNode applied = events.await(KafkaTap.event("CONFIG_APPLIED", DEVICE), STEP);
            assertThat(applied.path("details").path("wdogitime").asText()).isEqualTo(wanted);
            Thread.sleep(NOTHING_SENT.toMillis());
            assertThat(events.values(KafkaTap.event("DRIFT_DETECTED", DEVICE))).as("drift events").isEmpty();
            assertThat(marks.firingDriftSyslog()).as("ConfigDrift syslog about " + DEVICE).isEmpty();
            assertThat(marks.firingDriftMails()).as("ConfigDrift mails about " + DEVICE).isEmpty();
            String audit = system.get(system.configUrl() + "/api/audit?targetId=" + DEVICE
                    + "&action=DEVICE_SETTINGS_SET", system.token("viewer")).body();
            assertThat(audit).contains("wdogitime=" + wanted);
        }
    }

    @Test
    @Order(2)
    void anOperatorsSetKeyOnAnEnforcedKeyIsRefusedAndGoesThroughWithUpdateDesired() throws Exception {
        String admin = system.token("admin");
        String operator = system.token("operator");
        SimulatedDevice fos = system.simulatedDevice(DEVICE);
        Map<String, Object> enforced = new LinkedHashMap<>(registration);
        enforced.put("driftPolicy", "ENFORCE");
        enforced.put("settings", Map.of("hostname", "e2e-drift-a"));
        Marks marks = Marks.now();

        try (KafkaTap events = system.tap("fos.device.events")) {
            HttpResponse<String> r = put("/api/devices/" + DEVICE, admin, enforced);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            await("the device takes the desired hostname").atMost(STEP).pollInterval(Duration.ofMillis(100))
                    .until(() -> "e2e-drift-a".equals(fos.value(Key.HOSTNAME)));

            // without updateDesired: 409, the layer named, nothing sent
            HttpResponse<String> refused = system.post(system.configUrl() + "/api/devices/" + DEVICE + "/commands",
                    operator, setKey("e2e-drift-b", false));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(FosfleetSystem.json(refused).path("detail").asText())
                    .contains("hostname has the desired value 'e2e-drift-a', set by device")
                    .contains("PUT /api/devices/" + DEVICE + "/settings")
                    .contains("parameters.updateDesired=true");
            Thread.sleep(1000);
            assertThat(fos.value(Key.HOSTNAME)).isEqualTo("e2e-drift-a");

            // with it: the desired value changes, the device follows, nothing is undone
            HttpResponse<String> accepted = system.post(system.configUrl() + "/api/devices/" + DEVICE + "/commands",
                    operator, setKey("e2e-drift-b", true));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String commandId = FosfleetSystem.json(accepted).path("commandId").asText();
            await("the command is done").atMost(STEP).pollInterval(Duration.ofMillis(200)).until(() -> "DONE".equals(
                    FosfleetSystem.json(system.get(system.configUrl() + "/api/commands/" + commandId, operator))
                            .path("status").asText()));
            assertThat(fos.value(Key.HOSTNAME)).isEqualTo("e2e-drift-b");
            Thread.sleep(NOTHING_SENT.toMillis());   // polls every second under ENFORCE: would anything revert it?
            assertThat(fos.value(Key.HOSTNAME)).as("not reverted").isEqualTo("e2e-drift-b");
            assertThat(FosfleetSystem.json(system.get(system.configUrl() + "/api/devices/" + DEVICE, operator))
                    .path("settings").path("hostname").asText()).isEqualTo("e2e-drift-b");
            assertThat(events.values(KafkaTap.event("DRIFT_DETECTED", DEVICE))).as("drift events").isEmpty();
            assertThat(marks.firingDriftSyslog()).as("ConfigDrift syslog about " + DEVICE).isEmpty();
            assertThat(marks.firingDriftMails()).as("ConfigDrift mails about " + DEVICE).isEmpty();
        }
    }

    private static Map<String, Object> setKey(String hostname, boolean updateDesired) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("key", "hostname");
        parameters.put("value", hostname);
        if (updateDesired) {
            parameters.put("updateDesired", "true");
        }
        return Map.of("type", "SET_KEY", "parameters", parameters, "reason", "e2e: rename the box");
    }

    private static HttpResponse<String> put(String path, String token, Object body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(system.configUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the sinks held when a test began; only what arrives later counts. */
    private record Marks(int syslog, int mail) {

        static Marks now() {
            return new Marks(system.syslog().messages().size(), system.smtp().mails().size());
        }

        /** alert-service's syslog lines about the device's configuration drift that are not a resolution. */
        List<String> firingDriftSyslog() {
            List<SyslogListener.Message> all = system.syslog().messages();
            return all.subList(Math.min(syslog, all.size()), all.size()).stream().map(SyslogListener.Message::text)
                    .filter(t -> t.contains(DEVICE) && (t.contains("ConfigDrift") || t.contains("Configuration differs")))
                    .filter(t -> !t.contains("status=resolved") && !t.contains("[RESOLVED]")).toList();
        }

        /** alert-service's mails about the device's configuration drift that are not a resolution. */
        List<String> firingDriftMails() {
            List<SmtpSink.Mail> all = system.smtp().mails();
            return all.subList(Math.min(mail, all.size()), all.size()).stream()
                    .filter(m -> m.from().contains(Launch.ALERT_MAIL_FROM) && m.data().contains(DEVICE)
                            && (m.data().contains("ConfigDrift") || m.data().contains("Configuration differs")))
                    .map(Observe::subject).filter(s -> !s.contains("[RESOLVED]")).toList();
        }
    }
}
