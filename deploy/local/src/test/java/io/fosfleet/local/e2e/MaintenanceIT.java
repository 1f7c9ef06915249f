package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.KafkaTap.event;
import static io.fosfleet.local.e2e.Observe.STEP;
import static io.fosfleet.local.e2e.Observe.awaitStatus;
import static io.fosfleet.local.e2e.Observe.mailsAbout;
import static io.fosfleet.local.e2e.Observe.pairState;
import static io.fosfleet.local.e2e.Observe.syslogAbout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fosfleet.local.DemoDatacenter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, end-to-end test 2: maintenance on and off through config-service's API, and a silence in alert-service.
 * While a pair is in maintenance or silenced, what happens to it (even a failover) reaches no syslog and no mail;
 * after the maintenance ends the pair is back on A-B and kicked; after the silence expires, alerts flow again.
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
class MaintenanceIT {

    /** Longer than alert-service's group wait (1 s) with room for a loaded machine: what was not sent by then is held. */
    private static final Duration NOTHING_SENT = Duration.ofSeconds(3);

    private static FosfleetSystem system;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
    }

    @Test
    void maintenanceOnAndOffThroughConfigServiceNotifiesNothing() throws Exception {
        DemoDatacenter.Pair pair = system.pair(FosfleetSystem.MAINTENANCE_PAIR);
        String operator = system.token("operator");
        String viewer = system.token("viewer");
        assertThat(system.device(pair.deviceId()).connections()).isEqualTo("A-B");
        Observe.markSinks();

        try (KafkaTap heartbeats = system.tap("fos.heartbeat.events");
             KafkaTap deviceEvents = system.tap("fos.device.events")) {
            HttpResponse<String> on = system.post(system.configUrl() + "/api/pairs/" + pair.id() + "/maintenance",
                    operator, Map.of("enabled", true, "reason", "e2e: PBX upgrade"));
            assertThat(on.statusCode()).as(on.body()).isBetween(200, 299);

            // heartbeat-service: relay to the secondary at once, kicking stops
            awaitStatus(pair.deviceId(), s -> s.connections().equals("A-D"));
            heartbeats.await(event("STOPPED", pair.deviceId()), STEP);
            await().atMost(STEP).until(() -> "MAINTENANCE".equals(pairState(pair.deviceId())));
            // alert-service: an automatic silence for the pair
            await("automatic silence").atMost(STEP).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode silences = FosfleetSystem.json(system.get(system.alertUrl() + "/api/silences", viewer));
                for (JsonNode s : silences) {
                    if (s.path("automatic").asBoolean() && s.path("matchers").toString().contains(pair.id())
                            && "ACTIVE".equals(s.path("state").asText())) {
                        return true;
                    }
                }
                return false;
            });
            // unkicked, the watchdog runs out: a critical event on Kafka, and still nothing notified
            deviceEvents.await(event("FAILOVER", pair.deviceId()), STEP);
            Thread.sleep(NOTHING_SENT.toMillis());
            assertThat(syslogAbout(pair.id())).as("syslog about a pair in maintenance").isEmpty();
            assertThat(mailsAbout(pair.id())).as("mail about a pair in maintenance").isEmpty();

            HttpResponse<String> off = system.post(system.configUrl() + "/api/pairs/" + pair.id() + "/maintenance",
                    operator, Map.of("enabled", false, "reason", "e2e: upgrade done"));
            assertThat(off.statusCode()).as(off.body()).isBetween(200, 299);
            awaitStatus(pair.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
            await().atMost(STEP).until(() -> "KICKING".equals(pairState(pair.deviceId())));
            deviceEvents.await(event("REARMED", pair.deviceId()), STEP);
            Thread.sleep(NOTHING_SENT.toMillis());
            assertThat(syslogAbout(pair.id())).as("syslog: a silenced failover has no resolution").isEmpty();
            assertThat(mailsAbout(pair.id())).isEmpty();
            String audit = system.get(system.configUrl() + "/api/audit?targetId=" + pair.id(), viewer).body();
            assertThat(audit).contains("e2e: PBX upgrade").contains("e2e: upgrade done");
        } finally {
            if (!"KICKING".equals(pairState(pair.deviceId()))) {   // a failure above: leave it as found
                system.post(system.configUrl() + "/api/pairs/" + pair.id() + "/maintenance", operator,
                        Map.of("enabled", false, "reason", "e2e: clean-up"));
            }
        }
    }

    @Test
    void silencedPairNotifiesNothingUntilTheSilenceExpires() throws Exception {
        DemoDatacenter.Pair pair = system.pair(FosfleetSystem.SILENCE_PAIR);
        String operator = system.token("operator");
        Observe.markSinks();
        Instant endsAt = Instant.now().plusSeconds(15);
        HttpResponse<String> silence = system.post(system.alertUrl() + "/api/silences", operator, Map.of(
                "matchers", List.of(Map.of("name", "pair", "value", pair.id())),
                "endsAt", endsAt.toString(), "createdBy", "e2e", "comment", "e2e: silence test"));
        assertThat(silence.statusCode()).as(silence.body()).isBetween(200, 299);

        try (KafkaTap heartbeats = system.tap("fos.heartbeat.events");
             KafkaTap deviceEvents = system.tap("fos.device.events")) {
            // the primary dies while silenced: failover as usual, no notification
            system.node(pair.primary().id()).stop();
            heartbeats.await(event("PRIMARY_DOWN", pair.deviceId()), STEP);
            awaitStatus(pair.deviceId(), s -> s.connections().equals("A-D"));
            deviceEvents.await(event("FAILOVER", pair.deviceId()), STEP);
            system.node(pair.primary().id()).start();
            heartbeats.await(event("PRIMARY_UP", pair.deviceId()), STEP);
            awaitStatus(pair.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
            FosfleetSystem.log("silenced outage of " + pair.id() + " over, " + Duration.between(Instant.now(), endsAt)
                    .toMillis() + " ms before the silence ends");
            assertThat(Instant.now()).as("the silence must still hold here (else lengthen it)").isBefore(endsAt);
            long wait = Duration.between(Instant.now(), endsAt).toMillis() + 500;
            Thread.sleep(Math.max(wait, NOTHING_SENT.toMillis()));
            assertThat(syslogAbout(pair.id())).as("syslog while silenced").isEmpty();
            assertThat(mailsAbout(pair.id())).as("mail while silenced").isEmpty();

            // the silence has expired: the next outage is notified again (a fast failover: its Failover, which
            // inhibits the PrimaryDown)
            await().atMost(STEP).until(() -> "KICKING".equals(pairState(pair.deviceId())));
            system.node(pair.primary().id()).stop();
            await("notified again after the silence").atMost(STEP).pollInterval(Duration.ofMillis(200))
                    .until(() -> syslogAbout(pair.id(), "Failover", "firing").size() == 1
                            && mailsAbout(pair.id(), "Failover").size() == 1);
        } finally {
            system.node(pair.primary().id()).start();
        }
        awaitStatus(pair.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
    }
}
