package io.fosfleet.gateway;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Topic;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.fosfleet.testing.sinks.SmtpSink;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The gateway as a service: a real broker, real simulated devices, every feature seen from Kafka and the device. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class DeviceGatewayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration FAST = Duration.ofMillis(250);

    // one device per test, so the tests do not see each other's events
    private static final int FAILOVER = 0;
    private static final int COMMANDS = 1;
    private static final int DUPLICATE = 2;
    private static final int DRIFT_REPORT = 3;
    private static final int DRIFT_ENFORCE = 4;
    private static final int POWER_OFF = 5;
    private static final int PASSWORD = 6;
    private static final int REST = 7;
    private static final int POISON = 8;
    private static final int REFUSALS = 9;
    private static final int DESIRED_REPORT = 10;
    private static final int DESIRED_ENFORCE = 11;
    private static final int SET_KEY_DESIRED = 12;
    private static final int LAST = SET_KEY_DESIRED;

    private static Simulator sim;
    private static SmtpSink smtp;
    private static FleetFixture fleet;

    @Inject
    Gateway gateway;

    @BeforeEach
    void startOnce() throws Exception {
        if (sim != null) {
            return;
        }
        smtp = SmtpSink.start();
        int port = gateway.syslogPort();
        Ipv4Address block = SimulatorConfig.randomLoopbackBlock();
        List<DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i <= LAST; i++) {
            Map<Key, String> settings = switch (i) {
                case FAILOVER -> Map.of(Key.WDOGITIME, "2", Key.MODEDEF, "1");
                case DUPLICATE -> Map.of(Key.SMTPSERV, smtp.hostAndPort(), Key.SMTPTO, "noc@example.org");
                case DRIFT_REPORT, DRIFT_ENFORCE, DESIRED_REPORT, DESIRED_ENFORCE, SET_KEY_DESIRED ->
                        Map.of(Key.WDOGITIME, "60", Key.HOSTNAME, "fos-old");
                case PASSWORD -> Map.of(Key.PWD, "1", Key.APWD, "secret");
                default -> Map.of();
            };
            specs.add(FleetFixture.spec(block, i, port, settings));
        }
        sim = Simulator.start(SimulatorConfig.of(specs));
        fleet = new FleetFixture(KafkaBroker.shared().bootstrapServers(), 12);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
            sim.close();
            smtp.close();
        }
    }

    private static SimulatedDevice fos(int index) {
        return sim.devices().get(index);
    }

    private DeviceId join(String name, int index, Duration interval) {
        DeviceId id = FleetFixture.newDeviceId(name);
        fleet.publish(FleetFixture.device(id, fos(index), interval));
        awaitFirstState(id);
        return id;
    }

    private void awaitFirstState(DeviceId id) {
        await().atMost(PATIENCE).until(() -> fleet.state(id) != null && fleet.state(id).reachable());
    }

    private CommandResult awaitResult(DeviceCommand command) {
        await().atMost(PATIENCE).until(() -> !fleet.results(command).isEmpty());
        return fleet.results(command).get(0);
    }

    @Test
    void stoppedKickingFailsOverAndTheFailoverArrivesBySyslogBeforeTheNextPoll() throws Exception {
        // Polled once a minute: a failover seen within seconds was seen through the device's own syslog message.
        DeviceId id = join("failover", FAILOVER, Duration.ofMinutes(1));
        SimulatedDevice fos = fos(FAILOVER);
        assertThat(fleet.state(id).values()).containsEntry("mode", "1").containsEntry("wdogstate", "0");

        CommandResult enabled = awaitResult(fleet.command(id, DeviceCommand.Type.WATCHDOG_ENABLE, Map.of()));
        assertThat(enabled.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        try (Gbl4Client kicker = Gbl4Client.open()) {
            for (int i = 0; i < 3; i++) {
                kicker.kick(fos.address().toInetAddress(), fos.mac(), Gbl4Client.Options.defaults()).join();
                Thread.sleep(500);
            }
        }
        // no more kicks: after 2 s the watchdog runs out
        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.FAILOVER).isEmpty());

        DeviceEvent failover = fleet.events(id, DeviceEvent.Type.FAILOVER).get(0);
        assertThat(failover.syslogCode()).isEqualTo(42);
        assertThat(failover.details()).containsEntry("via", "syslog");
        assertThat(failover.message()).isEqualTo("Wdog swithed: Failover (timeout)");
        DeviceEvent relay = fleet.events(id, DeviceEvent.Type.RELAY_CHANGED).get(0);
        assertThat(relay.syslogCode()).isEqualTo(10);
        assertThat(relay.details()).containsEntry("relay", "A-D").containsEntry("via", "syslog");
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_D);
        await().atMost(PATIENCE).until(() -> "2".equals(fleet.state(id).values().get("wdogstate")));
        // watchdog on was seen too, exactly once
        assertThat(fleet.events(id, DeviceEvent.Type.WATCHDOG_CHANGED)).hasSize(1);
    }

    @Test
    void switchPowerAndWatchdogCommandsChangeTheDeviceAndReportDone() {
        DeviceId id = join("commands", COMMANDS, Duration.ofSeconds(1));
        SimulatedDevice fos = fos(COMMANDS);

        CommandResult relay = awaitResult(fleet.command(id, DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "1")));
        assertThat(relay.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        assertThat(relay.details()).containsEntry("key", "mode").containsEntry("value", "1");
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);

        CommandResult power = awaitResult(fleet.command(id, DeviceCommand.Type.SET_POWER,
                Map.of("port", "2", "on", "yes")));
        assertThat(power.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        assertThat(fos.status().power2()).isTrue();

        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.WATCHDOG_ENABLE, Map.of())).outcome())
                .isEqualTo(CommandResult.Outcome.DONE);
        assertThat(fos.status().watchdogState()).isEqualTo(1);
        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.WATCHDOG_DISABLE, Map.of())).outcome())
                .isEqualTo(CommandResult.Outcome.DONE);
        assertThat(fos.status().watchdogState()).isZero();

        CommandResult ping = awaitResult(fleet.command(id, DeviceCommand.Type.PING, Map.of()));
        assertThat(ping.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        assertThat(ping.details()).containsKey("rttMs");

        // each change is one event, with its meaning
        await().atMost(PATIENCE).until(() -> fleet.events(id, DeviceEvent.Type.WATCHDOG_CHANGED).size() == 2);
        assertThat(fleet.events(id, DeviceEvent.Type.RELAY_CHANGED)).singleElement().satisfies(e -> {
            assertThat(e.syslogCode()).isEqualTo(11);
            assertThat(e.details()).containsEntry("meaning", "PSTN on the primary PBX (port B)");
        });
        assertThat(fleet.events(id, DeviceEvent.Type.POWER_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.syslogCode()).isEqualTo(32));
        assertThat(fleet.events(id, DeviceEvent.Type.WATCHDOG_CHANGED)).extracting(DeviceEvent::syslogCode)
                .containsExactly(40, 41);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(fleet.state(id).values())
                .containsEntry("mode", "1").containsEntry("power2", "1").containsEntry("wdogstate", "0"));
    }

    @Test
    void aCommandDeliveredTwiceRunsOnce() throws Exception {
        DeviceId id = join("duplicate", DUPLICATE, Duration.ofSeconds(1));
        DeviceCommand mail = fleet.command(id, DeviceCommand.Type.TEST_MAIL, Map.of());
        // the same command again, as a producer retry or a replayed outbox would deliver it
        fleet.send(Topic.DEVICE_COMMANDS, DeviceCommand.create(mail.commandId(), mail.type(), id, mail.occurredAt(),
                mail.source(), mail.requestedBy(), mail.reason(), mail.parameters(), false, mail.deadline()));
        DeviceCommand after = fleet.command(id, DeviceCommand.Type.PING, Map.of());

        awaitResult(after);
        assertThat(fleet.results(mail)).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.DONE));
        smtp.await(m -> m.subject().contains("test mail"), PATIENCE);
        Thread.sleep(500);
        assertThat(smtp.mails()).hasSize(1);
    }

    @Test
    void driftIsReportedOnceAndLeftAloneUnderTheReportPolicy() {
        DeviceId id = FleetFixture.newDeviceId("drift-report");
        fleet.publish(FleetFixture.device(id, fos(DRIFT_REPORT), FAST, null,
                Map.of("wdogitime", "30", "modedef", "0", "mode", "1"), DeviceConfig.DriftPolicy.REPORT));

        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED).isEmpty());
        DeviceEvent drift = fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED).get(0);
        // runtime state (mode) is never part of drift; modedef already matches
        assertThat(drift.details()).containsEntry("wdogitime.desired", "30").containsEntry("wdogitime.actual", "60")
                .doesNotContainKeys("mode.desired", "modedef.desired");
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);
        assertThat(fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED)).hasSize(1);
        assertThat(fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED)).isEmpty();
        assertThat(fos(DRIFT_REPORT).value(Key.WDOGITIME)).isEqualTo("60");
    }

    @Test
    void driftIsCorrectedUnderTheEnforcePolicy() {
        DeviceId id = FleetFixture.newDeviceId("drift-enforce");
        fleet.publish(FleetFixture.device(id, fos(DRIFT_ENFORCE), FAST, null,
                Map.of("wdogitime", "30", "hostname", "fos-new"), DeviceConfig.DriftPolicy.ENFORCE));

        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED).isEmpty());
        assertThat(fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("hostname.actual", "fos-old"));
        assertThat(fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED).get(0).details())
                .containsEntry("wdogitime", "30").containsEntry("hostname", "fos-new");
        assertThat(fos(DRIFT_ENFORCE).value(Key.WDOGITIME)).isEqualTo("30");
        assertThat(fos(DRIFT_ENFORCE).value(Key.HOSTNAME)).isEqualTo("fos-new");
        await().atMost(PATIENCE).until(() -> "30".equals(fleet.state(id).values().get("wdogitime")));
    }

    @Test
    void aChangeOfTheDesiredValueIsAppliedAndReportedAsAppliedNeverAsDriftUnderTheReportPolicy() {
        aChangeOfTheDesiredValueIsAppliedNotDrift("desired-report", DESIRED_REPORT, DeviceConfig.DriftPolicy.REPORT);
    }

    @Test
    void aChangeOfTheDesiredValueIsAppliedAndReportedAsAppliedNeverAsDriftUnderTheEnforcePolicy() {
        aChangeOfTheDesiredValueIsAppliedNotDrift("desired-enforce", DESIRED_ENFORCE, DeviceConfig.DriftPolicy.ENFORCE);
    }

    /**
     * An administrator changes the desired wdogitime (60 → 12): the device takes it, one CONFIG_APPLIED says so, no
     * DRIFT_DETECTED. Then someone changes the device by hand: that is drift, reported as before.
     */
    private void aChangeOfTheDesiredValueIsAppliedNotDrift(String name, int index, DeviceConfig.DriftPolicy policy) {
        DeviceId id = FleetFixture.newDeviceId(name);
        SimulatedDevice fos = fos(index);
        fleet.publish(FleetFixture.device(id, fos, FAST, null, Map.of("wdogitime", "60"), policy));
        awaitFirstState(id);

        fleet.publish(FleetFixture.device(id, fos, FAST, null, Map.of("wdogitime", "12"), policy));

        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED).isEmpty());
        assertThat(fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsExactlyEntriesOf(Map.of("wdogitime", "12")));
        assertThat(fos.value(Key.WDOGITIME)).isEqualTo("12");
        await().atMost(PATIENCE).until(() -> "12".equals(fleet.state(id).values().get("wdogitime")));
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);  // several polls
        assertThat(fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED)).isEmpty();
        assertThat(fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED)).hasSize(1);

        // the device changed behind our back: that is drift
        CommandResult byHand = awaitResult(fleet.command(id, DeviceCommand.Type.SET_KEY,
                Map.of("key", "wdogitime", "value", "20")));
        assertThat(byHand.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED).isEmpty());
        assertThat(fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("wdogitime.desired", "12")
                        .containsEntry("wdogitime.actual", "20").containsEntry("policy", policy.name())
                        .doesNotContainKey("reason"));
        if (policy == DeviceConfig.DriftPolicy.ENFORCE) {
            await().atMost(PATIENCE).until(() -> fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED).size() == 2);
            assertThat(fos.value(Key.WDOGITIME)).isEqualTo("12");
        } else {
            await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);
            assertThat(fos.value(Key.WDOGITIME)).isEqualTo("20");
            assertThat(fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED)).hasSize(1);
        }
    }

    /**
     * config-service sends SET_KEY with {@code updateDesired=true} after changing the desired value in the same
     * transaction; the command may arrive before the new configuration. Under ENFORCE the device's new value is
     * neither reported as drift nor reverted meanwhile.
     */
    @Test
    void aSetKeyThatAlsoChangedTheDesiredValueIsNotRevertedBeforeTheNewDesiredValueArrives() {
        DeviceId id = FleetFixture.newDeviceId("set-key-desired");
        SimulatedDevice fos = fos(SET_KEY_DESIRED);
        fleet.publish(FleetFixture.device(id, fos, FAST, null, Map.of("hostname", "fos-old"),
                DeviceConfig.DriftPolicy.ENFORCE));
        awaitFirstState(id);

        CommandResult set = awaitResult(fleet.command(id, DeviceCommand.Type.SET_KEY,
                Map.of("key", "hostname", "value", "fos-new", "updateDesired", "true")));
        assertThat(set.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        await().atMost(PATIENCE).until(() -> "fos-new".equals(fleet.state(id).values().get("hostname")));
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);  // several polls, old desired value
        assertThat(fos.value(Key.HOSTNAME)).isEqualTo("fos-new");
        assertThat(fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED)).isEmpty();

        fleet.publish(FleetFixture.device(id, fos, FAST, null, Map.of("hostname", "fos-new"),
                DeviceConfig.DriftPolicy.ENFORCE));
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);
        assertThat(fos.value(Key.HOSTNAME)).isEqualTo("fos-new");
        assertThat(fleet.events(id, DeviceEvent.Type.DRIFT_DETECTED)).isEmpty();
        assertThat(fleet.events(id, DeviceEvent.Type.CONFIG_APPLIED)).isEmpty();
    }

    @Test
    void aPoweredOffDeviceIsUnreachableOnceAndReachableOnceWhenItReturns() {
        DeviceId id = join("power-off", POWER_OFF, FAST);
        SimulatedDevice fos = fos(POWER_OFF);

        fos.powerOff();
        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.UNREACHABLE).isEmpty());
        await().atMost(PATIENCE).until(() -> !fleet.state(id).reachable());
        // many more failed polls: still one event
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);
        fos.powerOn();

        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.REACHABLE).isEmpty());
        await().atMost(PATIENCE).until(() -> fleet.state(id).reachable());
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);
        assertThat(fleet.events(id, DeviceEvent.Type.UNREACHABLE)).singleElement()
                .satisfies(e -> assertThat(e.details().get("reason")).isIn("UNREACHABLE", "TIMEOUT"));
        assertThat(fleet.events(id, DeviceEvent.Type.REACHABLE)).hasSize(1);
        // the device said so itself at power-up
        assertThat(fleet.events(id, DeviceEvent.Type.POWER_UP)).singleElement()
                .satisfies(e -> assertThat(e.syslogCode()).isZero());
    }

    @Test
    void badCredentialsGiveAClearEventAndCommandFailureAndTheRightOnesWork() {
        DeviceId wrong = FleetFixture.newDeviceId("password-wrong");
        fleet.publish(FleetFixture.device(wrong, fos(PASSWORD), FAST, "wrong", Map.of(),
                DeviceConfig.DriftPolicy.REPORT));

        await().atMost(PATIENCE).until(() -> !fleet.events(wrong, DeviceEvent.Type.UNREACHABLE).isEmpty());
        DeviceEvent refused = fleet.events(wrong, DeviceEvent.Type.UNREACHABLE).get(0);
        assertThat(refused.details()).containsEntry("reason", "BAD_CREDENTIALS");
        assertThat(refused.message()).contains("credential 'wrong' is refused").doesNotContain("not-the-password");
        CommandResult failed = awaitResult(fleet.command(wrong, DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "1")));
        assertThat(failed.failure()).isEqualTo(CommandResult.Failure.BAD_CREDENTIALS);
        assertThat(failed.message()).doesNotContain("not-the-password");
        assertThat(fleet.events(wrong, DeviceEvent.Type.UNREACHABLE)).hasSize(1);

        // the operator fixes the credential name: the device is reachable again
        fleet.publish(FleetFixture.device(wrong, fos(PASSWORD), FAST, "rack-a", Map.of(),
                DeviceConfig.DriftPolicy.REPORT));
        await().atMost(PATIENCE).until(() -> !fleet.events(wrong, DeviceEvent.Type.REACHABLE).isEmpty());
        CommandResult done = awaitResult(fleet.command(wrong, DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "1")));
        assertThat(done.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        assertThat(fos(PASSWORD).status().relayMode()).isEqualTo(RelayMode.A_B);
    }

    @Test
    void restHealthAndMetricsShowTheOwnedDevicesWithoutSecretsUntilTheyAreDeleted() {
        DeviceId id = FleetFixture.newDeviceId("rest");
        fleet.publish(FleetFixture.device(id, fos(REST), FAST, "rack-a", Map.of(), DeviceConfig.DriftPolicy.REPORT));
        awaitFirstState(id);

        given().get("/devices").then().statusCode(200)
                .body("deviceId", hasItem(id.value()))
                .body(not(containsString("secret")));
        given().get("/devices/" + id).then().statusCode(200)
                .body("reachable", is(true))
                .body("credentialName", is("rack-a"))
                .body("values.mode", notNullValue())
                .body("lastPollAt", notNullValue());
        given().get("/devices/no-such-device").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fosfleet_gateway_polls_total"))
                .body(containsString("fosfleet_gateway_poll_latency_seconds"))
                .body(containsString("fosfleet_gateway_devices_owned"))
                .body(containsString("fosfleet_gateway_states_total"));

        // removed from the inventory: no longer owned, no longer polled
        fleet.delete(id);
        await().atMost(PATIENCE).until(() -> gateway.device(id).isEmpty());
        given().get("/devices/" + id).then().statusCode(404);
    }

    @Test
    void unreadableRecordsAreDeadLetteredAndWhatFollowsThemIsHandled() {
        DeviceId id = FleetFixture.newDeviceId("poison");
        // a record from a newer schema with a type this version does not know, and plain garbage
        String newer = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"QUARANTINED\",\"deviceId\":\"" + id
                + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"source\":\"config-service\",\"schemaVersion\":2}";
        fleet.sendRaw(Topic.CONFIG, id.value(), newer.getBytes(StandardCharsets.UTF_8));
        fleet.sendRaw(Topic.DEVICE_COMMANDS, id.value(), "not json".getBytes(StandardCharsets.UTF_8));

        fleet.publish(FleetFixture.device(id, fos(POISON), FAST));
        awaitFirstState(id);
        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.PING, Map.of())).outcome())
                .isEqualTo(CommandResult.Outcome.DONE);
        given().get("/q/metrics").then()
                .body(containsString("fosfleet_records_dead_lettered_total{reason=\"unreadable\",topic=\"fos.config\"}"))
                .body(containsString(
                        "fosfleet_records_dead_lettered_total{reason=\"unreadable\",topic=\"fos.device.commands\"}"));
    }

    @Test
    void commandsThatCannotRunAreAnsweredWithTheReason() {
        DeviceId id = join("refusals", REFUSALS, FAST);
        SimulatedDevice fos = fos(REFUSALS);

        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.RESET, Map.of())).failure())
                .isEqualTo(CommandResult.Failure.NOT_CONFIRMED);
        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.RESET, Map.of(), true)).failure())
                .isEqualTo(CommandResult.Failure.FLASH_MODE);
        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.SET_KEY, Map.of("key", "wdogitime",
                "value", "0"))).failure()).isEqualTo(CommandResult.Failure.REJECTED_VALUE);
        assertThat(awaitResult(fleet.command(id, DeviceCommand.Type.SET_KEY, Map.of("key", "apwd",
                "value", "x"))).failure()).isEqualTo(CommandResult.Failure.REJECTED_VALUE);
        assertThat(awaitResult(fleet.command(FleetFixture.newDeviceId("nobody"), DeviceCommand.Type.PING, Map.of()))
                .failure()).isEqualTo(CommandResult.Failure.UNKNOWN_DEVICE);

        CommandResult set = awaitResult(fleet.command(id, DeviceCommand.Type.SET_KEY, Map.of("key", "wdogitime",
                "value", "45")));
        assertThat(set.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        assertThat(fos.value(Key.WDOGITIME)).isEqualTo("45");

        CommandResult scan = awaitResult(fleet.command(id, DeviceCommand.Type.SCAN,
                Map.of("host", fos.address().toString())));
        assertThat(scan.outcome()).isEqualTo(CommandResult.Outcome.DONE);
        assertThat(scan.details()).containsEntry("found", "1")
                .containsEntry("device." + fos.mac().toUpperCaseString() + ".address", fos.address().toString())
                .containsEntry("device." + fos.mac().toUpperCaseString() + ".mode", "OPERATIONAL");
    }
}
