package io.fosfleet.local.e2e;

import io.fosfleet.local.DemoDatacenter;
import io.fosfleet.simulator.NetworkConditions;
import io.fosfleet.testing.sinks.SmtpSink;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.fosfleet.local.e2e.KafkaTap.event;
import static io.fosfleet.local.e2e.Observe.STEP;
import static io.fosfleet.local.e2e.Observe.awaitStatus;
import static io.fosfleet.local.e2e.Observe.mailsAbout;
import static io.fosfleet.local.e2e.Observe.syslogAbout;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: the exact, ordered list of notifications the NOC's syslog and mailbox receive per pair, for a fast failover
 * (AUTO), a watchdog failover (MANUAL), a primary back within the failover's group window, and a flapping primary
 * ({@link FlappingPrimary}). The four run at the same time on pairs of their own: the demo's ber1-b (AUTO, fast
 * failover, 10 s watchdog) and ber1-a (MANUAL, 10 s watchdog), the spare quick pair (MANUAL, 5 s watchdog) and
 * {@link FosfleetSystem#FLAP_PAIR} (MANUAL, 20 s watchdog). alert-service's local routing: group_wait 1 s,
 * group_interval 10 s, critical alerts to syslog and mail. And a device that leaves the network (the demo's fra1-a):
 * "unreachable", not "kicks not acknowledged".
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
class NotificationsIT {

    private static FosfleetSystem system;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
    }

    @Test
    void eachScenarioNotifiesTheNocExactlyWhatIsTrue() throws Exception {
        DemoDatacenter.Pair fast = system.pair("ber1-b");
        DemoDatacenter.Pair manual = system.pair("ber1-a");
        DemoDatacenter.Pair window = system.pair(FosfleetSystem.SPARE_PAIR);
        DemoDatacenter.Pair flap = system.pair(FosfleetSystem.FLAP_PAIR);
        Observe.markSinks();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KafkaTap heartbeats = system.tap("fos.heartbeat.events");
             KafkaTap deviceEvents = system.tap("fos.device.events")) {
            List<Future<?>> runs = new ArrayList<>();
            runs.add(pool.submit(task(() -> fastFailoverAuto(fast, heartbeats, deviceEvents))));
            runs.add(pool.submit(task(() -> watchdogFailoverManual(manual, heartbeats, deviceEvents))));
            runs.add(pool.submit(task(() -> primaryBackWithinTheGroupWindow(window, heartbeats, deviceEvents))));
            runs.add(pool.submit(task(() -> FlappingPrimary.run(system, flap, heartbeats))));
            for (Future<?> run : runs) {
                run.get();
            }
            Thread.sleep(Observe.SETTLE.toMillis());

            // every scenario's lists are checked and reported, not just the first that differs
            SoftAssertions soft = new SoftAssertions();
            // fast failover, AUTO: one Failover (PrimaryDown inhibited, the watchdog's failover folded in), one resolution
            soft.assertThat(syslog(fast)).as("syslog about " + fast.id()).containsExactly(
                    "firing Failover",
                    "resolved Failover");
            soft.assertThat(mailsAbout(fast.id())).as("mails about " + fast.id()).containsExactly(
                    "[CRITICAL] Failover: lines switched to the secondary - ber1-b-fos (pair ber1-b, site ber1)",
                    "[RESOLVED] Watchdog re-armed after failover - ber1-b-fos (pair ber1-b, site ber1)");
            soft.assertThat(mailBody(fast.id(), "[CRITICAL] Failover")).contains("policy auto: the pair returns to the"
                    + " primary by itself when the primary is healthy").doesNotContain("policy manual");

            // watchdog failover, MANUAL: each step once, with the exact re-arm steps
            soft.assertThat(syslog(manual)).as("syslog about " + manual.id()).containsExactly(
                    "firing PrimaryDown",
                    "firing Failover",
                    "resolved PrimaryDown",
                    "resolved Failover");
            soft.assertThat(mailsAbout(manual.id())).as("mails about " + manual.id()).containsExactly(
                    "[CRITICAL] Primary PBX down - ber1-a-fos (pair ber1-a, site ber1)",
                    "[CRITICAL] Failover: lines switched to the secondary - ber1-a-fos (pair ber1-a, site ber1)",
                    "[RESOLVED] Primary PBX back - ber1-a-fos (pair ber1-a, site ber1)",
                    "[RESOLVED] Watchdog re-armed after failover - ber1-a-fos (pair ber1-a, site ber1)");
            soft.assertThat(mailBody(manual.id(), "[CRITICAL] Failover")).contains("policy manual",
                    "POST /api/devices/ber1-a-fos/commands", "WATCHDOG_REARM", "SWITCH_RELAY");
            soft.assertThat(mailBody(manual.id(), "[RESOLVED] Primary PBX back")).contains(
                    "its lines stay on the secondary until you re-arm");

            // primary back and re-armed within the failover's group window: one resolution, never "firing"
            String spare = window.deviceId();
            soft.assertThat(syslog(window)).as("syslog about " + window.id()).containsExactly(
                    "firing PrimaryDown",
                    "resolved Failover [Failover/" + spare + ":resolved,PrimaryDown/" + spare + ":resolved]");
            soft.assertThat(mailsAbout(window.id())).as("mails about " + window.id()).containsExactly(
                    "[CRITICAL] Primary PBX down - " + spare + " (pair " + window.id() + ", site e2e)",
                    "[RESOLVED] 2 alerts, Watchdog re-armed after failover - pair " + window.id());

            // a flapping primary: one "flapping", nothing more about the primary, one "stable again"
            FlappingPrimary.check(soft, system, flap, heartbeats, deviceEvents);
            soft.assertAll();
        } finally {
            pool.shutdownNow();
            for (DemoDatacenter.Pair p : List.of(fast, manual, window, flap)) {
                system.node(p.primary().id()).start();
            }
            for (DemoDatacenter.Pair p : List.of(manual, window, flap)) {
                if (!system.device(p.deviceId()).connections().equals("A-B")
                        || system.device(p.deviceId()).watchdogState() != 1) {
                    await().atMost(STEP).until(() -> "KICKING".equals(Observe.pairState(p.deviceId())));
                    Observe.restoreManually(p);
                }
            }
            awaitStatus(fast.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
        }
    }

    /**
     * A device of a pair leaves the network (the demo's fra1-a: MANUAL, 10 s watchdog, polled every 5 s). Kicks go
     * unanswered within a second (WDOG_FAILED), device-gateway reports the device unreachable after 3 failed polls
     * (5 to 18 s), and the watchdog runs out 10 s after the last kick: the device fails over where nobody can see it.
     * The NOC hears "device unreachable" only (its kick failure waits for it and is inhibited); once it is back, that it
     * is reachable again and failed over; after the operator's re-arm, the failover's end.
     */
    @Test
    void anUnreachableDeviceIsNotifiedAsUnreachableNotAsItsKickFailures() throws Exception {
        DemoDatacenter.Pair p = system.pair("fra1-a");
        String device = p.deviceId();
        Observe.markSinks();
        try (KafkaTap heartbeats = system.tap("fos.heartbeat.events");
             KafkaTap deviceEvents = system.tap("fos.device.events")) {
            system.simulatedDevice(device).network(NetworkConditions.cutOff());
            heartbeats.await(event("WDOG_FAILED", device), STEP);
            deviceEvents.await(event("UNREACHABLE", device), STEP);
            await("DeviceUnreachable notified for " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                    .until(() -> syslog(p).contains("firing DeviceUnreachable"));
            // the device failed over unseen while away (10 s watchdog)
            awaitStatus(device, s -> s.watchdogState() == 2);
            system.simulatedDevice(device).network(NetworkConditions.GOOD);
            deviceEvents.await(event("REACHABLE", device), STEP);
            heartbeats.await(event("WDOG_OK", device), STEP);
            await("Failover notified for " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                    .until(() -> syslog(p).stream().anyMatch(l -> l.startsWith("firing Failover")));
            Observe.restoreManually(p);
            deviceEvents.await(event("REARMED", device), STEP);
            Thread.sleep(Observe.SETTLE.toMillis());

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(syslog(p)).as("syslog about " + p.id()).containsExactly(
                    "firing DeviceUnreachable",
                    "firing Failover [DeviceUnreachable/" + device + ":resolved,Failover/" + device + ":firing]",
                    "resolved Failover");
            soft.assertThat(mailsAbout(p.id())).as("mails about " + p.id()).containsExactly(
                    "[CRITICAL] Device unreachable - fra1-a-fos (pair fra1-a, site fra1)",
                    "[CRITICAL] 2 alerts, Failover: lines switched to the secondary - pair fra1-a",
                    "[RESOLVED] Watchdog re-armed after failover - fra1-a-fos (pair fra1-a, site fra1)");
            soft.assertAll();
        } finally {
            system.simulatedDevice(device).network(NetworkConditions.GOOD);
            if (!system.device(device).connections().equals("A-B") || system.device(device).watchdogState() != 1) {
                Observe.restoreManually(p);
            }
        }
    }

    /** Primary down: relay A-D at once, the watchdog runs out later; primary back: AUTO returns by itself. */
    private static void fastFailoverAuto(DemoDatacenter.Pair p, KafkaTap heartbeats, KafkaTap deviceEvents)
            throws Exception {
        system.node(p.primary().id()).stop();
        heartbeats.await(event("PRIMARY_DOWN", p.deviceId()), STEP);
        deviceEvents.await(event("FAILOVER", p.deviceId()), STEP);
        system.node(p.primary().id()).start();
        heartbeats.await(event("PRIMARY_UP", p.deviceId()), STEP);
        deviceEvents.await(event("REARMED", p.deviceId()), STEP);
        awaitStatus(p.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
    }

    /** Primary down, the watchdog runs out; primary back (its resolution sent), then the operator re-arms. */
    private static void watchdogFailoverManual(DemoDatacenter.Pair p, KafkaTap heartbeats, KafkaTap deviceEvents)
            throws Exception {
        system.node(p.primary().id()).stop();
        heartbeats.await(event("PRIMARY_DOWN", p.deviceId()), STEP);
        deviceEvents.await(event("FAILOVER", p.deviceId()), STEP);
        await("Failover notified for " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> syslog(p).contains("firing Failover"));
        system.node(p.primary().id()).start();
        heartbeats.await(event("PRIMARY_UP", p.deviceId()), STEP);
        await("PrimaryDown resolved for " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> syslog(p).contains("resolved PrimaryDown"));
        await().atMost(STEP).until(() -> "KICKING".equals(Observe.pairState(p.deviceId())));
        Observe.restoreManually(p);
    }

    /**
     * The failover and its end in one group: the primary's down is notified (1 s), the watchdog runs out 5 s later,
     * and that group waits for the group interval (10 s after the first notification); the primary comes back and the
     * operator re-arms within it.
     */
    private static void primaryBackWithinTheGroupWindow(DemoDatacenter.Pair p, KafkaTap heartbeats,
                                                        KafkaTap deviceEvents) throws Exception {
        system.node(p.primary().id()).stop();
        heartbeats.await(event("PRIMARY_DOWN", p.deviceId()), STEP);
        deviceEvents.await(event("FAILOVER", p.deviceId()), STEP);
        system.node(p.primary().id()).start();
        heartbeats.await(event("PRIMARY_UP", p.deviceId()), STEP);
        Observe.restoreManually(p);
    }

    private static List<String> syslog(DemoDatacenter.Pair p) {
        return Observe.syslogShort(p.id());
    }

    /** The body of alert-service's first mail about the pair whose subject starts so, soft line breaks undone. */
    private static String mailBody(String pair, String subjectStart) {
        for (SmtpSink.Mail m : system.alertMails()) {
            String s = m.subject();
            if (s.startsWith(subjectStart) && (s.contains("(pair " + pair + ",") || s.contains("pair " + pair))) {
                return m.body().replace("=\r\n", "").replace("=3D", "=");
            }
        }
        return "";
    }

    private static Callable<Void> task(Scenario s) {
        return () -> {
            s.run();
            return null;
        };
    }

    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }
}
