package io.fosfleet.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.events.HeartbeatEvent.Type;
import io.fosfleet.simulator.PbxNode.Service;
import io.fosfleet.testing.KafkaBroker;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of the packaged service share a rack of twelve pairs through the consumer group. Losing Kafka for
 * longer than a watchdog interval, a replica joining and one shutting down must not let a single device fail over.
 * The watchdog interval (5 s) exceeds the worst-case gap the service publishes for these pairs (3.25 s). A replica
 * killed without warning is the end-to-end test {@code HeartbeatReplicaKillIT} (deploy/local), with three replicas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final int PAIRS = 12;
    private static final int WATCHDOG_SECONDS = 5;
    private static final Duration WATCHDOG = Duration.ofSeconds(WATCHDOG_SECONDS);

    private static KafkaBroker broker;
    private static Fleet fleet;
    private static Replica first;
    private static Replica second;
    private static Replica third;

    @BeforeAll
    static void startTwoReplicasOwningARack() {
        broker = KafkaBroker.start(0, KafkaBroker.defaultDataRoot());
        Topics.create(broker.bootstrapServers());
        first = Replica.start("replica-1", broker.bootstrapServers());
        second = Replica.start("replica-2", broker.bootstrapServers());
        await().atMost(Duration.ofSeconds(90)).until(() -> first.ready() && second.ready());
        fleet = new Fleet(broker.bootstrapServers(), PAIRS, WATCHDOG_SECONDS);
        fleet.publishAll(p -> p.fastFailover());
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, PAIRS)
                .allMatch(i -> fleet.eventTypes(i).contains(Type.WDOG_OK)));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.owned() + second.owned() == PAIRS);
        assertThat(first.owned()).as("the group splits the rack").isPositive();
        assertThat(second.owned()).isPositive();
    }

    @AfterAll
    static void stopAll() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (third != null) {
            third.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(2)
    void aKafkaOutageLongerThanTheWatchdogIntervalStopsNoKicking() {
        broker.stop();
        // A primary that dies during the outage: its events wait in the outbox for Kafka.
        fleet.primary(0).stop(Service.TCP);

        noDeviceFailsOver(WATCHDOG.multipliedBy(2), 1);

        broker.restart();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(fleet.eventTypes(0)).contains(Type.PRIMARY_DOWN);
            assertThat(fleet.commands(0)).as("the fast failover command, published once Kafka was back").isNotEmpty();
        });
        noDeviceFailsOver(WATCHDOG, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.ready() && second.ready()
                && first.owned() + second.owned() == PAIRS);
    }

    @Test
    @Order(3)
    void aJoiningReplicaAndAGracefulShutdownMovePairsWithoutAGap() {
        third = Replica.start("replica-3", broker.bootstrapServers());
        await().atMost(Duration.ofSeconds(90)).until(() -> third.ready() && third.owned() > 0);
        noDeviceFailsOver(WATCHDOG, 1);

        long terminated = System.nanoTime();
        second.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> first.owned() + third.owned() == PAIRS);
        // It left the group at once instead of letting its session run out, and kicked for its grace period meanwhile.
        assertThat(Duration.ofNanos(System.nanoTime() - terminated)).isLessThan(WATCHDOG);
        noDeviceFailsOver(WATCHDOG, 1);
    }

    /** Watches devices {@code from}..end for the whole time: every relay A–B, every watchdog on. */
    private static void noDeviceFailsOver(Duration duration, int from) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            for (int i = from; i < PAIRS; i++) {
                assertThat(fleet.failedOver(i)).as("device " + i + " failed over").isFalse();
            }
            HeartbeatServiceTest.sleep(100);
        }
    }
}
