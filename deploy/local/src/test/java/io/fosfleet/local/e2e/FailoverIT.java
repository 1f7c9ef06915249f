package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.KafkaTap.event;
import static io.fosfleet.local.e2e.Observe.STEP;
import static io.fosfleet.local.e2e.Observe.awaitStatus;
import static io.fosfleet.local.e2e.Observe.mailsAbout;
import static io.fosfleet.local.e2e.Observe.millisSince;
import static io.fosfleet.local.e2e.Observe.pairState;
import static io.fosfleet.local.e2e.Observe.syslogAbout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.local.DemoDatacenter;
import io.fosfleet.simulator.DeviceStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, end-to-end test 1: a primary PBX dies and comes back, on a MANUAL pair (failover when its 5 s watchdog runs
 * out) and an AUTO pair with fast failover, at the same time. What a NOC sees: PRIMARY_DOWN on
 * {@code fos.heartbeat.events}, kicking stops, the relay goes to A-D (the fast pair while its watchdog still runs),
 * the relay event on {@code fos.device.events}, one syslog message and one mail per alert from alert-service, and
 * config-service's history and audit (issue 15: the fast pair's PrimaryDown is inhibited by its Failover). When the primary is back, the AUTO pair returns to A-B by itself and the MANUAL
 * pair stays failed over until an operator re-arms it and switches it back.
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
class FailoverIT {

    private static FosfleetSystem system;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
    }

    @Test
    void primaryDiesAndReturnsManualPairStaysFailedOverAutoPairRestores() throws Exception {
        DemoDatacenter.Pair manual = system.pair(FosfleetSystem.MANUAL_PAIR);
        DemoDatacenter.Pair auto = system.pair(FosfleetSystem.AUTO_PAIR);
        List<DemoDatacenter.Pair> both = List.of(manual, auto);
        int watchdogMillis = FosfleetSystem.E2E_TIMING.watchdogSeconds() * 1000;
        for (DemoDatacenter.Pair p : both) {
            assertThat(system.device(p.deviceId()).connections()).isEqualTo("A-B");
            assertThat(system.device(p.deviceId()).watchdogState()).isEqualTo(1);
        }
        Observe.markSinks();

        try (KafkaTap heartbeats = system.tap("fos.heartbeat.events");
             KafkaTap deviceEvents = system.tap("fos.device.events")) {
            long stopped = System.nanoTime();
            system.node(manual.primary().id()).stop();
            system.node(auto.primary().id()).stop();

            // the fast pair: relay A-D while its watchdog still runs, i.e. by heartbeat-service's command
            DeviceStatus fast = awaitStatus(auto.deviceId(), s -> s.connections().equals("A-D"));
            long fastMillis = millisSince(stopped);
            FosfleetSystem.log("fast failover of " + auto.id() + ": relay A-D " + fastMillis + " ms after its "
                    + "primary stopped (watchdog interval " + watchdogMillis + " ms)");
            assertThat(fast.watchdogState()).as("watchdog state when the relay switched (1 = still running)")
                    .isEqualTo(1);
            assertThat(fastMillis).as("fast failover well before the watchdog interval").isLessThan(watchdogMillis);

            for (DemoDatacenter.Pair p : both) {
                String details = heartbeats.await(event("PRIMARY_DOWN", p.deviceId()), STEP).path("details")
                        .toString();
                assertThat(details).contains("ALL").contains(p.primary().address());
                await("heartbeat-service stops kicking " + p.id()).atMost(STEP)
                        .until(() -> "PRIMARY_DOWN".equals(pairState(p.deviceId())));
            }
            // the manual pair: nobody kicks it any more, so its watchdog runs out and switches
            DeviceStatus watchdog = awaitStatus(manual.deviceId(), s -> s.watchdogState() == 2);
            long watchdogFailover = millisSince(stopped);
            FosfleetSystem.log("watchdog failover of " + manual.id() + " " + watchdogFailover + " ms after the stop");
            assertThat(watchdog.connections()).isEqualTo("A-D");
            assertThat(watchdogFailover).as("the manual pair fails over by its watchdog, not at once")
                    .isGreaterThan(watchdogMillis - 2000L);

            for (DemoDatacenter.Pair p : both) {
                deviceEvents.await(e -> event("RELAY_CHANGED", p.deviceId()).test(e)
                        && "A-D".equals(e.path("details").path("relay").asText()), STEP);
                deviceEvents.await(event("FAILOVER", p.deviceId()), STEP);
            }

            // alert-service: per pair one syslog message and one mail for the failover; the manual pair's primary was
            // notified down before its watchdog ran out, the fast pair's PrimaryDown is part of its Failover (inhibited)
            for (DemoDatacenter.Pair p : both) {
                int primaryDown = p == manual ? 1 : 0;
                await("syslog and mail about " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                        .until(() -> syslogAbout(p.id(), "PrimaryDown", "firing").size() == primaryDown
                                && syslogAbout(p.id(), "Failover", "firing").size() == 1
                                && mailsAbout(p.id(), "Primary PBX down").size() == primaryDown
                                && mailsAbout(p.id(), "Failover").size() == 1);
            }
            for (DemoDatacenter.Pair p : both) {
                FosfleetSystem.log("notifications about " + p.id() + ": " + syslogAbout(p.id()) + " "
                        + mailsAbout(p.id()));
                assertThat(syslogAbout(p.id())).as("syslog about " + p.id()).hasSize(p == manual ? 2 : 1);
                assertThat(mailsAbout(p.id())).as("mails about " + p.id()).hasSize(p == manual ? 2 : 1);
            }

            // config-service's history: what happened, as config-service saw it on Kafka
            String viewer = system.token("viewer");
            for (DemoDatacenter.Pair p : both) {
                await("config-service's history of " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(300))
                        .until(() -> {
                            String h = system.get(system.configUrl() + "/api/history?pairId=" + p.id(), viewer)
                                    .body();
                            return h.contains("\"PRIMARY_DOWN\"") && h.contains("\"FAILOVER\"")
                                    && h.contains("\"RELAY_CHANGED\"");
                        });
            }

            // the primaries return: AUTO switches back by itself, MANUAL stays on the secondary
            system.node(manual.primary().id()).start();
            system.node(auto.primary().id()).start();
            for (DemoDatacenter.Pair p : both) {
                heartbeats.await(event("PRIMARY_UP", p.deviceId()), STEP);
            }
            awaitStatus(auto.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
            deviceEvents.await(e -> event("RELAY_CHANGED", auto.deviceId()).test(e)
                    && "A-B".equals(e.path("details").path("relay").asText()), STEP);
            await("kicking " + manual.id() + " again").atMost(STEP)
                    .until(() -> "KICKING".equals(pairState(manual.deviceId())));
            DeviceStatus stays = system.device(manual.deviceId());
            assertThat(stays.connections()).as("MANUAL stays failed over").isEqualTo("A-D");
            assertThat(stays.watchdogState()).as("MANUAL: watchdog still in failure").isEqualTo(2);
            assertThat(deviceEvents.values(e -> event("RELAY_CHANGED", manual.deviceId()).test(e)
                    && "A-B".equals(e.path("details").path("relay").asText()))).isEmpty();

            // the operator brings it back; the audit shows who did what
            Observe.restoreManually(manual);
            await("config-service's audit of " + manual.deviceId()).atMost(STEP).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        String a = system.get(system.configUrl() + "/api/audit?targetId=" + manual.deviceId(),
                                viewer).body();
                        return a.contains("COMMAND_WATCHDOG_REARM") && a.contains("COMMAND_SWITCH_RELAY")
                                && a.contains("\"actor\":\"operator\"") && a.contains("e2e: primary back");
                    });
        } finally {
            system.node(manual.primary().id()).start();
            system.node(auto.primary().id()).start();
        }
    }
}
