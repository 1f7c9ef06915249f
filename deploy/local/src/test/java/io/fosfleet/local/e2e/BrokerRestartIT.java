package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.KafkaTap.event;
import static io.fosfleet.local.e2e.Observe.STEP;
import static io.fosfleet.local.e2e.Observe.awaitStatus;
import static io.fosfleet.local.e2e.Observe.mailsAbout;
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
 * Issue 9, end-to-end test 5: the broker is stopped and restarted on the same data. While it is away a primary dies
 * and its MANUAL pair fails over by its watchdog; every other pair is still kicked (the kick loop does not need
 * Kafka), so none fails over. Once the broker is back, the events reach Kafka and the NOC gets each notification
 * exactly once (syslog and mail), nothing twice.
 */
@Order(E2eOrder.DISRUPTIVE + 3)
@ExtendWith(TailOnFailure.class)
class BrokerRestartIT {

    /** alert-service's group interval (10 s) + 3 s: a repeated notification would have come by then. */
    private static final Duration REPEAT_WINDOW = Duration.ofSeconds(13);

    private static FosfleetSystem system;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
        Observe.awaitAllPairsHealthy();
    }

    @Test
    void nothingLostNothingDuplicatedNoFalseFailoverAcrossABrokerRestart() throws Exception {
        DemoDatacenter.Pair pair = system.pair(FosfleetSystem.BROKER_PAIR);
        List<String> others = system.allPairs().stream().map(DemoDatacenter.Pair::deviceId)
                .filter(d -> !d.equals(pair.deviceId())).toList();
        Observe.markSinks();

        try (KafkaTap heartbeats = system.tap("fos.heartbeat.events");
             KafkaTap deviceEvents = system.tap("fos.device.events")) {
            long t = System.nanoTime();
            system.broker().stop();
            FosfleetSystem.log("broker stopped in " + Observe.millisSince(t) + " ms");
            try {
                system.node(pair.primary().id()).stop();
                awaitStatus(pair.deviceId(), s -> s.watchdogState() == 2 && s.connections().equals("A-D"));
                Thread.sleep(1000);
            } finally {
                t = System.nanoTime();
                system.broker().restart();
                FosfleetSystem.log("broker restarted in " + Observe.millisSince(t) + " ms");
            }

            heartbeats.await(event("PRIMARY_DOWN", pair.deviceId()), STEP);
            deviceEvents.await(event("FAILOVER", pair.deviceId()), STEP);
            // both alerts were made while the broker was away and arrive close together
            await("syslog and mail about " + pair.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                    .until(() -> !syslogAbout(pair.id()).isEmpty() && !mailsAbout(pair.id()).isEmpty());
            Thread.sleep(REPEAT_WINDOW.toMillis());
            List<String> syslog = syslogAbout(pair.id());
            List<String> mails = mailsAbout(pair.id());
            FosfleetSystem.log("notifications about " + pair.id() + " after the broker restart: " + syslog + " "
                    + mails);
            // The pair's Failover inhibits its PrimaryDown: when both arrive in one group window only the Failover
            // goes out; when the PrimaryDown came first it went out alone before the Failover. Each exactly once,
            // nothing else, and never a PrimaryDown after the Failover.
            assertThat(syslogAbout(pair.id(), "Failover", "firing")).as(syslog.toString()).hasSize(1);
            if (syslog.size() == 1) {
                assertThat(syslog.get(0)).as("one syslog message: the Failover").contains("alert=Failover");
            } else {
                assertThat(syslog).as("PrimaryDown sent before the Failover arrived, then the Failover").hasSize(2);
                assertThat(syslog.get(0)).contains("alert=PrimaryDown status=firing");
                assertThat(syslog.get(1)).contains("alert=Failover status=firing");
            }
            assertThat(mailsAbout(pair.id(), "Failover")).as(mails.toString()).hasSize(1);
            if (mails.size() == 1) {
                assertThat(mails.get(0)).as("one mail: the Failover").contains("Failover");
            } else {
                assertThat(mails).as("PrimaryDown mailed before the Failover arrived, then the Failover").hasSize(2);
                assertThat(mails.get(0)).contains("Primary PBX down");
                assertThat(mails.get(1)).contains("Failover");
            }
            assertThat(heartbeats.values(event("PRIMARY_DOWN", pair.deviceId()))).hasSize(1);
            assertThat(deviceEvents.values(event("FAILOVER", pair.deviceId()))).hasSize(1);

            // no false failover: a failed watchdog is sticky, so the state now tells about the whole outage
            for (String d : others) {
                DeviceStatus s = system.device(d);
                assertThat(s.watchdogState()).as(d + " watchdog (1 = on, never failed)").isEqualTo(1);
                assertThat(s.connections()).as(d + " relay").isEqualTo("A-B");
            }
            assertThat(deviceEvents.values(e -> "FAILOVER".equals(e.path("type").asText())
                    && !pair.deviceId().equals(e.path("deviceId").asText()))).isEmpty();
        } finally {
            system.node(pair.primary().id()).start();
        }
        await().atMost(STEP).until(() -> "KICKING".equals(Observe.pairState(pair.deviceId())));
        Observe.restoreManually(pair);
    }
}
