package io.fosfleet.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.fosfleet.alert.delivery.DeadLetter;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.support.AlertmanagerProcess;
import io.fosfleet.alert.support.Events;
import io.fosfleet.alert.support.Receivers;
import io.fosfleet.events.Alert;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * alert-service sending to a real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager} on loopback, started
 * once with the test resource {@link Receivers}, whose routing file names it): a failover read from Kafka appears in Alertmanager's {@code GET /api/v2/alerts} with our
 * labels and annotations, stays active through re-sends, and is gone once the re-arm resolves it. Skipped, saying
 * so, where the binary is not installed. Shares the Quarkus boot of {@link AlertServiceTest} (same test resource).
 */
@QuarkusTest
@WithTestResource(Receivers.class)
class AlertmanagerReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static AlertmanagerProcess alertmanager;
    private static Events events;

    @Inject
    Inventory inventory;

    @Inject
    AlertService service;

    @BeforeAll
    static void useAlertmanager() {
        Assumptions.assumeTrue(AlertmanagerProcess.installed(), AlertmanagerProcess.BINARY + " is not installed"
                + " (Debian package prometheus-alertmanager; .ci/run installs it): the Alertmanager receiver tests are"
                + " skipped");
        assertThat(Receivers.alertmanager).as(Receivers.alertmanagerFailure).isNotNull();
        alertmanager = Receivers.alertmanager;
        events = new Events(KafkaBroker.shared().bootstrapServers());
    }

    @AfterAll
    static void close() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void aFailoverFiresInAlertmanagerStaysActiveAndIsResolvedByTheRearm() throws Exception {
        place("fos-am-1", "am-fo");
        DeviceEvent failover = Events.failover("fos-am-1");
        events.send(Topic.DEVICE_EVENTS, failover);

        JsonNode alert = await().atMost(WAIT).until(() -> alertmanager.alertsOf("fos-am-1"), l -> l.size() == 1).get(0);
        assertThat(EventJson.fromJson(alert.path("labels").toString(), Map.class)).isEqualTo(Map.of(
                "alertname", "Failover", "severity", "critical", "device", "fos-am-1", "pair", "am-fo",
                "site", "fra1", "rack", "r7", "service", "fosfleet", "env", "test"));
        JsonNode annotations = alert.path("annotations");
        assertThat(annotations.path("summary").asText()).isEqualTo("Failover: lines switched to the secondary");
        assertThat(annotations.path("description").asText()).isEqualTo("watchdog ran out");
        assertThat(annotations.path("deviceMessage").asText()).isEqualTo("berofos:42: Wdog swithed: Failover (timeout)");
        assertThat(annotations.path("check").asText()).contains("WATCHDOG_REARM");  // the manual pair's re-arm steps
        assertThat(Instant.parse(alert.path("startsAt").asText()))
                .isEqualTo(failover.occurredAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(Instant.parse(alert.path("endsAt").asText())).isAfter(Instant.now());
        assertThat(alert.path("generatorURL").asText()).isEqualTo("https://console.example.com/console/pairs/am-fo");
        assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
        // recorded on fos.alerts like every notification, as sent to Alertmanager
        Alert sent = await().atMost(WAIT).until(() -> service.delivery().recent().stream()
                .filter(r -> r instanceof Alert a && a.eventIds().contains(failover.id()))
                .map(Alert.class::cast).findFirst().orElse(null), a -> a != null);
        assertThat(sent.type()).isEqualTo(Alert.Channel.ALERTMANAGER);
        assertThat(sent.receiver()).isEqualTo("alertmanager");

        // posted again every resend interval (1 s here), so Alertmanager keeps it active past any resolve_timeout
        Instant updated = Instant.parse(alert.path("updatedAt").asText());
        Instant endsAt = Instant.parse(alert.path("endsAt").asText());
        JsonNode again = await().atMost(WAIT).until(() -> alertmanager.alertsOf("fos-am-1").get(0),
                a -> Instant.parse(a.path("updatedAt").asText()).isAfter(updated));
        assertThat(Instant.parse(again.path("endsAt").asText())).isAfter(endsAt);
        assertThat(Instant.parse(again.path("startsAt").asText())).isEqualTo(Instant.parse(alert.path("startsAt").asText()));

        // the operator re-arms: resolved in Alertmanager (a resolved alert is no longer listed), and not re-sent
        events.send(Topic.DEVICE_EVENTS, Events.device(DeviceEvent.Type.REARMED, "fos-am-1", 40, Map.of(),
                "watchdog re-armed"));
        await().atMost(WAIT).until(() -> alertmanager.alertsOf("fos-am-1").isEmpty());
        Thread.sleep(2500);  // two resend intervals: a re-send would have reopened it by now
        assertThat(alertmanager.alertsOf("fos-am-1")).isEmpty();
    }

    @Test
    void aRefusedPasswordIsRetriedAsToldThenDeadLetteredWithoutTheSecret() {
        HeartbeatEvent down = Events.heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-am-2", "am-badauth");
        events.send(Topic.HEARTBEAT_EVENTS, down);
        DeadLetter dead = await().atMost(WAIT).until(() -> service.delivery().recent().stream()
                .filter(r -> r instanceof DeadLetter d && d.eventIds().contains(down.id()))
                .map(DeadLetter.class::cast).findFirst().orElse(null), d -> d != null);
        assertThat(dead.channel()).isEqualTo(Alert.Channel.ALERTMANAGER);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.reason()).startsWith("alertmanager: POST /api/v2/alerts answered HTTP 401")
                .doesNotContain(Receivers.WRONG_PASSWORD);
        assertThat(EventJson.toJson(dead)).doesNotContain(Receivers.WRONG_PASSWORD);
    }

    @Test
    void anAlertFiringBeforeARestartIsSentAgainFromTheFiringLog() throws Exception {
        place("fos-am-3", "am-restart");
        // What a restarted alert-service knows of an alert it sent before: only the firing log's entry
        Instant since = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        events.raw(Topic.ALERT_FIRING, "alertmanager/PrimaryDown/fos-am-3", EventJson.toJson(new FiringLog.Entry(
                "alertmanager", "PrimaryDown/fos-am-3", true, UUID.randomUUID(), since)));

        JsonNode alert = await().atMost(WAIT).until(() -> alertmanager.alertsOf("fos-am-3"), l -> l.size() == 1).get(0);
        assertThat(EventJson.fromJson(alert.path("labels").toString(), Map.class)).isEqualTo(Map.of(
                "alertname", "PrimaryDown", "severity", "critical", "device", "fos-am-3", "pair", "am-restart",
                "site", "fra1", "rack", "r7", "service", "fosfleet", "env", "test"));
        assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("Primary PBX down");
        assertThat(alert.path("annotations").path("description").asText()).isEqualTo("Still firing since "
                + since.toString().replace('T', ' ').replace("Z", " UTC") + " (re-sent from alert-service's memory"
                + " of firing alerts, which keeps no event text)");
        assertThat(Instant.parse(alert.path("startsAt").asText())).isEqualTo(since);

        // its resolution, when it comes, resolves it there
        events.send(Topic.HEARTBEAT_EVENTS, Events.heartbeat(HeartbeatEvent.Type.PRIMARY_UP, "fos-am-3", "am-restart"));
        await().atMost(WAIT).until(() -> alertmanager.alertsOf("fos-am-3").isEmpty());
    }

    private void place(String device, String pair) {
        events.send(Topic.CONFIG, Events.placed(device, pair, "fra1", false));
        await().atMost(WAIT).until(() -> pair.equals(inventory.of(DeviceId.of(device)).pairId()));
    }
}
