package io.fosfleet.local.e2e;

import static io.fosfleet.local.e2e.Observe.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.local.DemoDatacenter;
import io.fosfleet.simulator.DeviceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, end-to-end test 3: of three heartbeat-service replicas, the one kicking the most pairs is killed with
 * SIGKILL. The others take its pairs over within the group's session timeout and kick them before any watchdog runs
 * out: no device fails over, watched for longer than the watchdog interval plus the session timeout. The replica is
 * started again afterwards.
 */
@Order(E2eOrder.DISRUPTIVE + 1)
@ExtendWith(TailOnFailure.class)
class HeartbeatReplicaKillIT {

    /** The quick pairs' watchdog (5 s) + heartbeat-service's group session timeout (2 s) + 2 s. */
    private static final Duration WATCH = Duration.ofSeconds(FosfleetSystem.E2E_TIMING.watchdogSeconds() + 2 + 2);

    private static FosfleetSystem system;
    private static String killed;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
        Observe.awaitAllPairsHealthy();
    }

    @AfterAll
    static void restartKilled() throws InterruptedException {
        if (killed != null && !system.alive(killed)) {
            system.restart(killed);
        }
    }

    @Test
    void aKilledReplicasPairsAreTakenOverBeforeAnyWatchdogRunsOut() throws Exception {
        List<String> devices = system.allPairs().stream().map(DemoDatacenter.Pair::deviceId).toList();
        killed = FosfleetSystem.HEARTBEATS.stream().max(Comparator.comparingInt(this::owned)).orElseThrow();
        int itsPairs = owned(killed);
        assertThat(itsPairs).as("pairs kicked by " + killed).isPositive();

        try (KafkaTap deviceEvents = system.tap("fos.device.events")) {
            system.kill(killed);
            long killedAt = System.nanoTime();
            List<String> failures = new ArrayList<>();
            while (System.nanoTime() - killedAt < WATCH.toNanos()) {
                for (String d : devices) {
                    DeviceStatus s = system.device(d);
                    if (s.watchdogState() != 1 || !s.connections().equals("A-B")) {
                        failures.add(d + ": watchdog " + s.watchdogState() + ", relay " + s.connections());
                    }
                }
                assertThat(failures).as("devices after " + killed + " was killed").isEmpty();
                Thread.sleep(100);
            }
            FosfleetSystem.log("killed " + killed + " (" + itsPairs + " pairs); no device failed over in "
                    + WATCH.toSeconds() + " s");
            assertThat(deviceEvents.values(e -> "FAILOVER".equals(e.path("type").asText()))).isEmpty();
            await("the other two replicas kick every pair").atMost(STEP)
                    .until(() -> system.kicking().containsAll(devices));
        }
    }

    /** How many pairs a replica owns now. */
    private int owned(String replica) {
        var r = system.get(system.url(replica) + "/pairs", null);
        return r.statusCode() == 200 ? FosfleetSystem.json(r).path("pairs").size() : 0;
    }
}
