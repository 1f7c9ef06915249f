package io.fosfleet.heartbeat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.HeartbeatEvent.Type;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.PairConfig.ProbeCombination;
import io.fosfleet.events.Probe;
import io.fosfleet.events.Topic;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.simulator.NodeSpec;
import io.fosfleet.simulator.PbxNode.Service;
import io.fosfleet.testing.KafkaBroker;
import io.quarkus.test.common.WithTestResource;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One replica against the real broker and simulated racks: berofos devices with a 3 s watchdog and PBX nodes whose
 * services the tests stop and start. Each test has a rack of its own.
 */
@QuarkusTest
@WithTestResource(HeartbeatTestResource.class)
class HeartbeatServiceTest {

    private static final int WATCHDOG_SECONDS = 3;
    private static final Duration WATCHDOG = Duration.ofSeconds(WATCHDOG_SECONDS);
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    Vertx vertx;

    private Fleet fleet;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    @AfterEach
    void closeFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private Fleet fleet(int size) {
        fleet = new Fleet(KafkaBroker.shared().bootstrapServers(), size, WATCHDOG_SECONDS);
        return fleet;
    }

    @Test
    void healthyPrimaryIsKickedAndTheDeviceNeverFailsOver() {
        Fleet f = fleet(1);
        f.publish(0, p -> p);

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);
        staysOnPrimary(f, 0, WATCHDOG.multipliedBy(3));

        HeartbeatEvent starting = f.events(0).get(0);
        assertThat(starting.details()).containsKey("worstCaseGap");
        given().get("/pairs/" + f.id(0)).then().statusCode(200)
                .body("state", equalTo("KICKING"))
                .body("primaryHealth", equalTo("UP"))
                .body("kicksAnswered", greaterThan(10))
                .body("worstCaseGap", equalTo(starting.details().get("worstCaseGap")))
                .body("probes[0].health", equalTo("UP"));
        assertThat(f.commands(0)).isEmpty();
    }

    @Test
    void theKickSummaryIsPublishedOnChangeAndRefreshedWhileKickedButNeverOncePerKick() {
        Fleet f = fleet(1);
        f.publish(0, p -> p);
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        // kicked: who kicks, how often, the device's watchdog as desired, the last acknowledged kick
        await().atMost(PATIENCE).until(() -> last(f.kicks(0)) != null && last(f.kicks(0)).kicking()
                && last(f.kicks(0)).lastAckAt() != null);
        KickSummary kicked = last(f.kicks(0));
        assertThat(kicked.pairId()).isEqualTo(f.pair(0, p -> p).pairId());
        assertThat(kicked.replica()).isNotBlank();
        assertThat(kicked.notKicking()).isNull();
        assertThat(kicked.acksFailing()).isFalse();
        assertThat(kicked.kickInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(kicked.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(kicked.watchdogTimeout()).isEqualTo(WATCHDOG);
        assertThat(kicked.failsOverAt()).as("kicks are acknowledged: no failover planned").isNull();

        // over a window of 7 s: 14 kicks, and a summary only every refresh interval (2 s), each with a newer kick
        int before = f.kicks(0).size();
        int answeredBefore = kicksAnswered(f);
        sleep(7000);
        List<KickSummary> window = f.kicks(0).subList(before, f.kicks(0).size());
        int kicks = kicksAnswered(f) - answeredBefore;
        assertThat(kicks).as("kicks answered in the window").isGreaterThanOrEqualTo(10);
        assertThat(window).as("refreshed while kicked").hasSizeBetween(2, 4);
        assertThat(window).allSatisfy(k -> assertThat(k.kicking()).isTrue());
        assertThat(window).extracting(KickSummary::lastAckAt).isSortedAccordingTo(Instant::compareTo)
                .doesNotHaveDuplicates();
        assertThat(window.size()).as("summaries in the window, against %d kicks", kicks).isLessThan(kicks / 3);

        // the primary dies: at once a summary that says so and when the watchdog runs out; no refresh after it
        f.primary(0).stop(Service.TCP);
        await().atMost(PATIENCE).until(() -> !last(f.kicks(0)).kicking());
        KickSummary down = last(f.kicks(0));
        assertThat(down.notKicking()).isEqualTo(KickSummary.NotKicking.PRIMARY_DOWN);
        assertThat(down.kicksStoppedAt()).isNotNull();
        assertThat(down.lastAckAt()).isNotNull().isBeforeOrEqualTo(down.kicksStoppedAt());
        assertThat(down.failsOverAt()).isEqualTo(down.lastAckAt().plus(WATCHDOG));
        await().atMost(WATCHDOG.plusSeconds(3)).until(() -> f.failedOver(0));
        int afterDown = f.kicks(0).size();
        sleep(2500);
        assertThat(f.kicks(0)).as("not refreshed while not kicked").hasSize(afterDown);

        // maintenance says so; the removed pair gets a tombstone
        f.publish(0, p -> p.maintenance(true));
        await().atMost(PATIENCE).until(() -> last(f.kicks(0)) != null
                && last(f.kicks(0)).notKicking() == KickSummary.NotKicking.MAINTENANCE);
        f.delete(0);
        await().atMost(PATIENCE).until(() -> f.kicks(0).size() > 0 && last(f.kicks(0)) == null);
    }

    private static KickSummary last(List<KickSummary> kicks) {
        return kicks.isEmpty() ? null : kicks.get(kicks.size() - 1);
    }

    private static int kicksAnswered(Fleet f) {
        return given().get("/pairs/" + f.id(0)).then().statusCode(200).extract().path("kicksAnswered");
    }

    @Test
    void aNewPairIsKickedAfterItsStartDelay() {
        Fleet f = fleet(1);
        long published = System.nanoTime();
        f.publish(0, p -> p.startDelay(Duration.ofSeconds(1)));

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);
        Duration running = Duration.between(f.events(0).get(0).occurredAt(), f.events(0).get(1).occurredAt());
        assertThat(running).isBetween(Duration.ofMillis(950), Duration.ofSeconds(3));
        assertThat(f.events(0).get(0).details()).containsEntry("startDelay", "PT1S");
        assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(WATCHDOG);
        assertThat(f.failedOver(0)).isFalse();
    }

    @Test
    void primaryDownStopsKickingAndTheWatchdogFailsOverAndManualStaysFailedOver() {
        Fleet f = fleet(1);
        f.publish(0, p -> p);
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        long stopped = System.nanoTime();
        f.primary(0).stop(Service.TCP);

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.PRIMARY_DOWN);
        HeartbeatEvent down = f.events(0).get(3);
        assertThat(down.details()).containsKey("probe.1.tcp");
        assertThat(down.details().get("probe.1.tcp")).startsWith("DOWN");
        given().get("/pairs/" + f.id(0)).then().body("kicking", equalTo(false)).body("state", equalTo("PRIMARY_DOWN"));
        await().atMost(WATCHDOG.plusSeconds(3)).until(() -> f.failedOver(0));
        Duration failoverAfter = Duration.ofNanos(System.nanoTime() - stopped);
        // No fast failover: the device decided, when its watchdog ran out.
        assertThat(failoverAfter).isGreaterThan(WATCHDOG.minusMillis(500));
        assertThat(f.status(0).watchdogState()).isEqualTo(2);

        f.primary(0).start(Service.TCP);

        // Kicks resume, and a device in sticky failure answers them; they do not bring A-B back.
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.PRIMARY_DOWN, Type.PRIMARY_UP, Type.RUNNING,
                Type.WDOG_OK);
        staysFailedOver(f, 0, Duration.ofSeconds(2));
        assertThat(f.commands(0)).as("MANUAL sends no commands").isEmpty();
    }

    @Test
    void fastFailoverCommandsTheRelayAtOnceAndAutoRestoresThePrimary() {
        Fleet f = fleet(1);
        f.publish(0, p -> p.fastFailover().auto());
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);
        GatewayStandIn gateway = new GatewayStandIn(f);

        long stopped = System.nanoTime();
        f.primary(0).stop(Service.TCP);

        await().atMost(PATIENCE).until(() -> !f.commands(0).isEmpty());
        Duration commandAfter = Duration.ofNanos(System.nanoTime() - stopped);
        DeviceCommand failover = f.commands(0).get(0);
        assertThat(failover.type()).isEqualTo(DeviceCommand.Type.SWITCH_RELAY);
        assertThat(failover.parameters()).containsEntry("mode", "0");
        assertThat(failover.source()).isEqualTo("heartbeat-service");
        assertThat(commandAfter).as("2 failed probes at 250 ms, then the command").isLessThan(Duration.ofSeconds(2));
        gateway.apply(failover);
        assertThat(f.status(0).relayMode()).isEqualTo(RelayMode.A_D);
        await().atMost(WATCHDOG.plusSeconds(3)).until(() -> f.status(0).watchdogState() == 2);

        f.primary(0).start(Service.TCP);

        await().atMost(PATIENCE).until(() -> f.commands(0).size() == 3);
        List<DeviceCommand> restore = f.commands(0).subList(1, 3);
        assertThat(restore).extracting(DeviceCommand::type)
                .containsExactly(DeviceCommand.Type.WATCHDOG_REARM, DeviceCommand.Type.SWITCH_RELAY);
        assertThat(restore.get(1).parameters()).containsEntry("mode", "1");
        restore.forEach(gateway::apply);
        assertThat(f.status(0).relayMode()).isEqualTo(RelayMode.A_B);
        assertThat(f.status(0).watchdogState()).isEqualTo(1);
        staysOnPrimary(f, 0, WATCHDOG.plusSeconds(1));
        assertThat(f.eventTypes(0)).containsSubsequence(Type.PRIMARY_DOWN, Type.PRIMARY_UP, Type.RUNNING);
    }

    @Test
    void maintenanceFailsOverOnPurposeAndLeavingItRestoresThePrimary() {
        Fleet f = fleet(1);
        f.publish(0, p -> p);
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        f.publish(0, p -> p.maintenance(true));

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.STOPPED);
        assertThat(f.events(0).get(3).details()).containsEntry("reason", "maintenance");
        await().atMost(PATIENCE).until(() -> f.commands(0).size() == 1);
        assertThat(f.commands(0).get(0).type()).isEqualTo(DeviceCommand.Type.SWITCH_RELAY);
        assertThat(f.commands(0).get(0).parameters()).containsEntry("mode", "0");
        given().get("/pairs/" + f.id(0)).then().body("state", equalTo("MAINTENANCE")).body("kicking", equalTo(false));

        f.publish(0, p -> p.maintenance(false));

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.STOPPED, Type.STARTING, Type.RUNNING,
                Type.WDOG_OK);
        await().atMost(PATIENCE).until(() -> f.commands(0).size() == 3);
        assertThat(f.commands(0)).extracting(DeviceCommand::type).containsExactly(DeviceCommand.Type.SWITCH_RELAY,
                DeviceCommand.Type.WATCHDOG_REARM, DeviceCommand.Type.SWITCH_RELAY);
        assertThat(f.commands(0).get(2).parameters()).containsEntry("mode", "1");
    }

    @Test
    void passiveHeartbeatsKeepAPairHealthyUntilTheyStop() {
        Fleet f = fleet(1);
        String node = f.primarySpec(0).name();
        String token = NodeTokens.bearer(NodeTokens.valid(node));
        Probe passive = passiveProbe();
        given().header("Authorization", token).post("/nodes/" + node + "/heartbeat").then().statusCode(204);
        f.publish(0, p -> p.probes(ProbeCombination.ALL, passive));

        long until = System.nanoTime() + WATCHDOG.plusSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            given().header("Authorization", token).post("/nodes/" + node + "/heartbeat").then().statusCode(204);
            assertThat(f.failedOver(0)).isFalse();
            sleep(200);
        }
        assertThat(f.eventTypes(0)).containsExactly(Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.PRIMARY_DOWN);
        assertThat(f.events(0).get(3).details().get("probe.1.passive")).contains("deadline 1000 ms");
        given().header("Authorization", token).post("/nodes/bad name!/heartbeat").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("detail", containsString("node name"));
    }

    /** A PASSIVE probe: checked every 200 ms, down when no heartbeat came within 1 s. */
    private static Probe passiveProbe() {
        return new Probe(Probe.Type.PASSIVE, null, null, null, null, Duration.ofMillis(200), Duration.ofSeconds(1), 1,
                1);
    }

    @Test
    void forgedRestHeartbeatsAreRefusedWithTheReasonAndCounted() {
        String node = "forged-rest-pbx1";
        double before = refusedHeartbeats("rest");
        given().post("/nodes/" + node + "/heartbeat").then().statusCode(401).contentType(PROBLEM_JSON)
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"))
                .body("detail", startsWith("missing token"))
                .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\", error_description=\"missing token"));
        Map<String, String> badTokens = Map.of(
                NodeTokens.expired(node), "token expired",
                NodeTokens.foreignKey(node), "bad signature",
                NodeTokens.wrongAudience(node), "wrong audience",
                "not.a.jwt", "malformed or unverifiable token");
        badTokens.forEach((token, reason) -> given().header("Authorization", NodeTokens.bearer(token))
                .post("/nodes/" + node + "/heartbeat").then().statusCode(401).contentType(PROBLEM_JSON)
                .body("type", equalTo("about:blank")).body("detail", equalTo(reason))
                .header("WWW-Authenticate", containsString("error_description=\"" + reason + "\"")));
        given().header("Authorization", NodeTokens.bearer(NodeTokens.valid("forged-rest-pbx2")))
                .post("/nodes/" + node + "/heartbeat").then().statusCode(403).contentType(PROBLEM_JSON)
                .body("title", equalTo("Forbidden"))
                .body("detail", equalTo("token is for node forged-rest-pbx2, not forged-rest-pbx1"));
        given().header("Authorization", NodeTokens.bearer(NodeTokens.viewer(node)))
                .post("/nodes/" + node + "/heartbeat").then().statusCode(403).contentType(PROBLEM_JSON)
                .body("detail", equalTo("the token does not have role node"));

        assertThat(refusedHeartbeats("rest") - before).isEqualTo(7);
        given().get("/q/metrics").then().body(containsString(
                "fosfleet_heartbeat_refused_total{reason=\"expired\",via=\"rest\"}"));
    }

    @Test
    void aPassiveProbedPrimaryStillFailsOverWhileAnAttackerForgesItsHeartbeats() throws Exception {
        double refusedBefore = refusedHeartbeats("rest") + refusedHeartbeats("kafka");
        List<Integer> restAnswers = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaBroker.shared().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            // A 10 s watchdog: on a loaded machine the first pair of a test JVM can take more than 3 s to get its
            // first kick. Kicked first on a TCP probe, as every test's pair; the pair then switches to its PASSIVE
            // probe (no event: the primary stays UP).
            fleet = new Fleet(KafkaBroker.shared().bootstrapServers(), 1, 10);
            Fleet f = fleet;
            f.publish(0, p -> p);
            awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);
            String node = f.primarySpec(0).name();
            String nodeToken = NodeTokens.bearer(NodeTokens.valid(node));
            String otherNodesToken = NodeTokens.bearer(NodeTokens.valid(node + "-other"));
            // The node itself produces its heartbeats to Kafka, with its token.
            AtomicBoolean nodeAlive = new AtomicBoolean(true);
            AtomicBoolean attacking = new AtomicBoolean(true);
            Thread nodeThread = new Thread(() -> {
                while (nodeAlive.get()) {
                    kafka.send(nodeHeartbeat(node, nodeToken));
                    sleep(200);
                }
            });
            // Meanwhile an attacker forges heartbeats for the node over REST and Kafka, without the node's token.
            Thread attacker = new Thread(() -> {
                while (attacking.get()) {
                    kafka.send(nodeHeartbeat(node, null));
                    kafka.send(nodeHeartbeat(node, otherNodesToken));
                    kafka.send(nodeHeartbeat(node, "Bearer \u0000\uFFFF" + "x".repeat(20_000)));
                    kafka.send(nodeHeartbeat(node, nodeToken.substring(0, nodeToken.length() - 5)));
                    kafka.send(nodeHeartbeat(null, nodeToken));
                    restAnswers.add(given().post("/nodes/" + node + "/heartbeat").statusCode());
                    restAnswers.add(given().header("Authorization", otherNodesToken)
                            .post("/nodes/" + node + "/heartbeat").statusCode());
                    sleep(100);
                }
            });
            nodeThread.start();
            attacker.start();
            try {
                sleep(1500);
                // Deadline 2 s: room for the Kafka round trip on a loaded machine.
                f.publish(0, p -> p.probes(ProbeCombination.ALL, new Probe(Probe.Type.PASSIVE, null, null, null, null,
                        Duration.ofMillis(200), Duration.ofSeconds(2), 1, 1)));
                staysOnPrimary(f, 0, Duration.ofSeconds(4));
                assertThat(f.eventTypes(0)).containsExactly(Type.STARTING, Type.RUNNING, Type.WDOG_OK);
                given().get("/pairs/" + f.id(0)).then().body("primaryHealth", equalTo("UP"))
                        .body("kicking", equalTo(true));

                // The node dies; the attacker goes on, and the pair fails over all the same.
                nodeAlive.set(false);
                nodeThread.join();
                awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.PRIMARY_DOWN);
                assertThat(f.events(0).get(3).details().get("probe.1.passive")).startsWith("DOWN");
                given().get("/pairs/" + f.id(0)).then().body("kicking", equalTo(false));
                await().atMost(Duration.ofSeconds(13)).until(() -> f.failedOver(0));
            } finally {
                nodeAlive.set(false);
                attacking.set(false);
                attacker.join();
            }
        }
        assertThat(restAnswers).isNotEmpty().containsOnly(401, 403);
        assertThat(refusedHeartbeats("rest") + refusedHeartbeats("kafka") - refusedBefore)
                .isGreaterThan(restAnswers.size());
        assertThat(refusedHeartbeats("kafka")).isPositive();
    }

    private static ProducerRecord<String, byte[]> nodeHeartbeat(String node, String authorization) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topic.NODE_HEARTBEATS.topicName(), node,
                Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            r.headers().add("authorization", authorization.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    /** Passive heartbeats this replica refused so far, arrived {@code via} rest or kafka. */
    private static double refusedHeartbeats(String via) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^fosfleet_heartbeat_refused_total"
                + "\\{[^}]*via=\"" + via + "\"[^}]*\\} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Test
    void withAnyCombinationOneLiveProbeKeepsThePairKicked() {
        Fleet f = fleet(1);
        f.publish(0, p -> p.probes(ProbeCombination.ANY, f.tcpProbe(0), f.sipProbe(0)));
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        f.primary(0).stop(Service.TCP);
        staysOnPrimary(f, 0, Duration.ofSeconds(2));
        given().get("/pairs/" + f.id(0)).then().body("probes[0].health", equalTo("DOWN"))
                .body("probes[1].health", equalTo("UP")).body("kicking", equalTo(true));

        f.primary(0).stop(Service.SIP);
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.PRIMARY_DOWN);
        assertThat(f.events(0).get(3).details()).containsKeys("probe.1.tcp", "probe.2.sip_options");
    }

    @Test
    void aStalledReplicaDoesNotFailOverHealthyPrimaries() throws Exception {
        Fleet f = fleet(4);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            NodeSpec node = f.primarySpec(i);
            // Down after a single failure: any pause that catches a check in flight would fail the pair over.
            probes.add(new Probe(Probe.Type.HTTP, node.address().toString(), node.httpPort(), "/health", null,
                    Duration.ofMillis(250), Duration.ofMillis(250), 1, 2));
        }
        // Pair 3 only warms the service's HTTP client up: a JVM's first HTTP request can take longer than 250 ms.
        f.publish(3, p -> p.probes(ProbeCombination.ALL, probes.get(3)));
        await().atMost(PATIENCE).until(() -> f.eventTypes(3).contains(Type.RUNNING));
        for (int i = 0; i < 3; i++) {
            Probe http = probes.get(i);
            f.publish(i, p -> p.fastFailover().probes(ProbeCombination.ALL, http));
        }
        for (int i = 0; i < 3; i++) {
            awaitEvents(f, i, Type.STARTING, Type.RUNNING, Type.WDOG_OK);
            // Slow but healthy: answers in 150 ms of a 250 ms timeout, so a check is in flight most of the time.
            f.primary(i).delay(Duration.ofMillis(150));
        }
        sleep(500);
        double inconclusiveBefore = inconclusiveChecks();

        // Each pause is longer than timeout x failure threshold; each that catches a check in flight makes it time
        // out. (The primaries stop with this process; after it they answer within 150 ms again, as a primary on
        // another host would have all along.)
        // Between the pauses the replica runs long enough for a check to succeed (250 ms interval, answers in
        // 150 ms): four separate stalls. (Back to back, the fourth inconclusive check in a row would count as a
        // failure by design: probe-inconclusive-limit = 3 keeps a permanent stall from hiding a dead primary.)
        for (int round = 0; round < 4; round++) {
            pauseThisProcess(Duration.ofMillis(700));
            sleep(800);
        }

        staysOnPrimary(f, 0, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertThat(f.eventTypes(i)).as("events of pair " + i).containsExactly(Type.STARTING, Type.RUNNING,
                    Type.WDOG_OK);
            assertThat(f.commands(i)).as("commands for pair " + i).isEmpty();
            assertThat(f.failedOver(i)).isFalse();
        }
        // The pauses did make probes time out; they were set aside, not counted.
        assertThat(inconclusiveChecks()).isGreaterThan(inconclusiveBefore);
        given().get("/q/metrics").then().body(containsString("fosfleet_heartbeat_local_stall_seconds_bucket"));
    }

    @Test
    void aDeadPrimaryIsDetectedDespiteAConcurrentStall() throws Exception {
        Fleet f = fleet(1);
        f.publish(0, p -> p.fastFailover());
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        long stopped = System.nanoTime();
        f.primary(0).stop(Service.TCP);
        pauseThisProcess(Duration.ofMillis(1000));
        saturateEventLoops(Duration.ofMillis(1000));

        await().atMost(PATIENCE).until(() -> !f.commands(0).isEmpty());
        Duration commandAfter = Duration.ofNanos(System.nanoTime() - stopped);
        assertThat(f.eventTypes(0)).containsExactly(Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.PRIMARY_DOWN);
        assertThat(f.commands(0).get(0).parameters()).containsEntry("mode", "0");
        // Refused connections are failures, stall or not: detected during the stalls or just after them.
        assertThat(commandAfter).isLessThan(Duration.ofSeconds(4));
    }

    /**
     * Stops this whole process (SIGSTOP, then SIGCONT from a shell outside it) for {@code duration}: every thread
     * stalls at once, as in a long GC pause or when a container's CPU quota runs out.
     */
    private static void pauseThisProcess(Duration duration) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        Process shell = new ProcessBuilder("sh", "-c", "kill -STOP " + pid + "; sleep "
                + duration.toMillis() / 1000.0 + "; kill -CONT " + pid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(shell.waitFor(duration.toMillis() + 10_000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(shell.exitValue()).isZero();
    }

    /**
     * Keeps every event loop of the service saturated for {@code duration}, as a starved CPU or a burst of work would:
     * each loop always has about 70 tasks of 8 ms queued, so anything a probe queues (its connection, its timeout,
     * its result) waits about half a second for its turn. The tasks sleep; they cost no CPU. Returns when it is over.
     */
    private void saturateEventLoops(Duration duration) {
        List<EventExecutor> loops = new ArrayList<>();
        vertx.nettyEventLoopGroup().forEach(loops::add);
        long until = System.nanoTime() + duration.toNanos();
        AtomicInteger pending = new AtomicInteger();
        Map<EventExecutor, AtomicInteger> queued = new HashMap<>();
        loops.forEach(l -> queued.put(l, new AtomicInteger()));
        while (System.nanoTime() < until) {
            for (EventExecutor loop : loops) {
                AtomicInteger depth = queued.get(loop);
                while (depth.get() < 70) {
                    depth.incrementAndGet();
                    pending.incrementAndGet();
                    loop.execute(() -> {
                        long left = Math.min(TimeUnit.MILLISECONDS.toNanos(8), until - System.nanoTime());
                        if (left > 0) {
                            LockSupport.parkNanos(left);
                        }
                        depth.decrementAndGet();
                        pending.decrementAndGet();
                    });
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pending.get() == 0);
    }

    /** All probe checks this replica counted as inconclusive so far. */
    private static double inconclusiveChecks() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^fosfleet_heartbeat_probe_results_total"
                + "\\{[^}]*result=\"inconclusive\"[^}]*\\} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Test
    void anUnreadableConfigRecordIsDeadLetteredAndTheRecordsAfterItAreApplied() throws Exception {
        Fleet f = fleet(1);
        String poison = "{\"id\":\"7f3c2a4e-0000-4000-8000-000000000001\",\"type\":\"FROM_A_NEWER_SCHEMA\","
                + "\"deviceId\":\"" + f.id(0) + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"source\":\"x\","
                + "\"schemaVersion\":2}";
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                f.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topic.CONFIG.topicName(), f.id(0).value(),
                    poison.getBytes(StandardCharsets.UTF_8))).get();
        }
        f.publish(0, p -> p);

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/metrics").then().body(containsString(
                "fosfleet_records_dead_lettered_total{reason=\"unreadable\",topic=\"fos.config\"}")));
        given().get("/q/metrics").then().body(containsString("fosfleet_heartbeat_config_rejected_total"))
                .body(containsString("fosfleet_heartbeat_kicks_answered_total"))
                .body(containsString("fosfleet_heartbeat_kick_deviation_seconds_bucket"))
                .body(containsString("fosfleet_heartbeat_pairs_owned"));
    }

    @Test
    void aDeletedPairIsNoLongerKicked() {
        Fleet f = fleet(1);
        f.publish(0, p -> p);
        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK);

        f.delete(0);

        awaitEvents(f, 0, Type.STARTING, Type.RUNNING, Type.WDOG_OK, Type.STOPPED);
        given().get("/pairs/" + f.id(0)).then().statusCode(404);
        await().atMost(WATCHDOG.plusSeconds(3)).until(() -> f.failedOver(0));
    }

    private static void awaitEvents(Fleet f, int i, Type... types) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(f.eventTypes(i)).containsExactly(types));
    }

    /** Watches the device for the whole time: the relay stays A–B and the watchdog on. */
    private static void staysOnPrimary(Fleet f, int i, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            assertThat(f.status(i).relayMode()).as("relay of device " + i).isEqualTo(RelayMode.A_B);
            assertThat(f.status(i).watchdogState()).as("watchdog of device " + i).isEqualTo(1);
            sleep(100);
        }
    }

    private static void staysFailedOver(Fleet f, int i, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            assertThat(f.status(i).relayMode()).isEqualTo(RelayMode.A_D);
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
