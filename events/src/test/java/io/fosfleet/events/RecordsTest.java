package io.fosfleet.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.fosfleet.events.Samples.DEVICE;
import static io.fosfleet.events.Samples.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsTest {

    @Test
    void aKickSummaryTellsWhenTheWatchdogRunsOutOnlyWhenKicksStoppedOrFail() {
        KickSummary down = Samples.primaryDownKicks();
        assertThat(down.kicking()).isFalse();
        assertThat(down.failsOverAt()).isEqualTo(NOW.minusSeconds(2).plusSeconds(5));
        assertThat(down.kicksStoppedAt()).isEqualTo(NOW.minusSeconds(1));

        KickSummary kicked = KickSummary.of(DEVICE, "pair-7", NOW, "heartbeat-service", "hb-1", null, false,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), NOW, NOW.minusSeconds(9));
        assertThat(kicked.kicking()).isTrue();
        assertThat(kicked.failsOverAt()).isNull();
        assertThat(kicked.kicksStoppedAt()).as("only when not kicking").isNull();

        KickSummary unanswered = KickSummary.of(DEVICE, "pair-7", NOW, "heartbeat-service", "hb-1", null, true,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), NOW.minusSeconds(3), null);
        assertThat(unanswered.failsOverAt()).isEqualTo(NOW.plusSeconds(2));

        KickSummary noTimeout = KickSummary.of(DEVICE, "pair-7", NOW, "heartbeat-service", "hb-1",
                KickSummary.NotKicking.PRIMARY_DOWN, false, Duration.ofSeconds(1), Duration.ofSeconds(5), null,
                NOW.minusSeconds(3), NOW);
        assertThat(noTimeout.failsOverAt()).as("never a made-up time").isNull();

        assertThatThrownBy(() -> new KickSummary(UUID.randomUUID(), KickSummary.Type.SUMMARY, DEVICE, NOW, "hb", 1,
                "pair-7", "r", true, KickSummary.NotKicking.MAINTENANCE, false, Duration.ofSeconds(1),
                Duration.ofSeconds(5), null, null, null, null)).hasMessageContaining("notKicking");
        assertThatThrownBy(() -> KickSummary.of(DEVICE, "pair-7", NOW, "hb", "r".repeat(101), null, false,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, null)).hasMessageContaining("replica");
    }

    @Test
    void factoriesStampAFreshIdAndTheCurrentSchemaVersion() {
        DeviceEvent first = Samples.failover();
        DeviceEvent second = Samples.failover();

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(Samples.all()).allSatisfy(r -> assertThat(r.schemaVersion()).isEqualTo(1));
    }

    @Test
    void eachDeviceSyslogCodeReportsItsEventType() {
        assertThat(type(0)).containsExactly(DeviceEvent.Type.POWER_UP);
        assertThat(type(11)).containsExactly(DeviceEvent.Type.RELAY_CHANGED);
        assertThat(type(21)).containsExactly(DeviceEvent.Type.SCENARIO_CHANGED);
        assertThat(type(33)).containsExactly(DeviceEvent.Type.POWER_CHANGED);
        assertThat(type(40)).containsExactly(DeviceEvent.Type.WATCHDOG_CHANGED, DeviceEvent.Type.REARMED);
        assertThat(type(42)).containsExactly(DeviceEvent.Type.FAILOVER);
        assertThat(type(43)).containsExactly(DeviceEvent.Type.FAILOVER);
        assertThat(DeviceEvent.Type.UNREACHABLE.syslogCodes()).isEmpty();
    }

    @Test
    void anEventRefusesASyslogCodeThatDoesNotReportItsType() {
        assertThatThrownBy(() -> event(DeviceEvent.Type.RELAY_CHANGED, 42))
                .hasMessage("syslogCode: 42 does not report RELAY_CHANGED; allowed: 10, 11, 12");
        assertThatThrownBy(() -> event(DeviceEvent.Type.UNREACHABLE, 0))
                .hasMessage("syslogCode: 00 does not report UNREACHABLE; allowed: none");
        assertThat(event(DeviceEvent.Type.UNREACHABLE, null).syslogCode()).isNull();
    }

    @Test
    void aRecordWithoutSourceNamesTheMissingField() {
        assertThatThrownBy(() -> DeviceEvent.create(DeviceEvent.Type.POWER_UP, DEVICE, NOW, " ", 0, null, "Powerup"))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("source: must not be blank");
        assertThatThrownBy(() -> DeviceState.snapshot(DEVICE, null, "device-gateway", null, false, false, null))
                .hasMessage("occurredAt: is required");
    }

    @Test
    void overLongStringsAreRefusedNamingTheFieldAndTheLimitAlsoWhenRead() {
        assertThatThrownBy(() -> DeviceEvent.create(DeviceEvent.Type.POWER_UP, DEVICE, NOW, "device-gateway", 0, null,
                "x".repeat(1001)))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("message: has 1001 characters, at most 1000 allowed");
        assertThatThrownBy(() -> DeviceState.snapshot(DEVICE, NOW, "device-gateway", NOW, true, false,
                Map.of("name", "n".repeat(1001))))
                .hasMessage("values.name: has 1001 characters, at most 1000 allowed");
        assertThatThrownBy(() -> DeviceState.snapshot(DEVICE, NOW, "device-gateway", NOW, true, false,
                Map.of("k".repeat(129), "v")))
                .hasMessage("values key: has 129 characters, at most 128 allowed");
        String json = EventJson.toJson(Samples.failover()).replace("\"device-gateway\"", "\"" + "s".repeat(101) + "\"");
        assertThatThrownBy(() -> EventJson.fromJson(json, DeviceEvent.class))
                .hasMessageContaining("source: has 101 characters, at most 100 allowed");
    }

    @Test
    void aWriterClipsOutsideTextToTheLimitWithAMarker() {
        assertThat(Limits.clip("short", Limits.LINE)).isEqualTo("short");
        String clipped = Limits.clip("x".repeat(5000), Limits.LINE);
        assertThat(clipped).hasSize(1000).endsWith("x…");
        assertThat(DeviceEvent.create(DeviceEvent.Type.POWER_UP, DEVICE, NOW, "device-gateway", 0, null, clipped)
                .message()).isEqualTo(clipped);
    }

    @Test
    void aScanOfManyDevicesFitsAResult() {
        Map<String, String> details = new HashMap<>();
        for (int i = 0; i < 1024; i++) {
            for (String key : List.of("address", "netmask", "gateway", "httpPort", "firmware", "mode", "dhcp", "mac")) {
                details.put("dev" + i + "." + key, "192.168.100." + (i % 250));
            }
        }
        DeviceCommand scan = DeviceCommand.create(UUID.randomUUID(), DeviceCommand.Type.SCAN, DEVICE, NOW, "config-service",
                "admin", "inventory", Map.of(), false, NOW.plusSeconds(60));
        assertThat(CommandResult.done(scan, NOW, "device-gateway", "found 1024", details).details()).hasSize(8192);
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThatThrownBy(() -> CommandResult.done(scan, NOW, "device-gateway", "found", tooMany))
                .hasMessage("details: has 10001 entries, at most 10000 allowed");
    }

    @Test
    void mapsAreCopiedAndCannotBeChangedAfterwards() {
        Map<String, String> details = new HashMap<>(Map.of("port", "1"));
        DeviceEvent event = DeviceEvent.create(DeviceEvent.Type.POWER_CHANGED, DEVICE, NOW, "device-gateway", 30,
                details, "PW1 Mode changed: on");
        details.put("port", "2");

        assertThat(event.details()).containsExactly(Map.entry("port", "1"));
        assertThatThrownBy(() -> event.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyFlashAndResetNeedConfirmation() {
        assertThat(Arrays.stream(DeviceCommand.Type.values()).filter(DeviceCommand.Type::needsConfirmation))
                .containsExactly(DeviceCommand.Type.FLASH, DeviceCommand.Type.RESET);
    }

    @Test
    void aCommandRefusesADeadlineBeforeItWasIssued() {
        assertThatThrownBy(() -> DeviceCommand.create(UUID.randomUUID(), DeviceCommand.Type.KICK, DEVICE, NOW,
                "config-service", "alice", "test", null, false, NOW.minusSeconds(1)))
                .hasMessageStartingWith("deadline: ");
    }

    @Test
    void aResultAnswersItsCommandById() {
        DeviceCommand command = Samples.switchRelay();

        CommandResult result = CommandResult.failed(command, NOW, "device-gateway", CommandResult.Failure.UNREACHABLE,
                "no answer from 10.1.7.12:80");

        assertThat(result.commandId()).isEqualTo(command.commandId());
        assertThat(result.type()).isEqualTo(DeviceCommand.Type.SWITCH_RELAY);
        assertThat(result.deviceId()).isEqualTo(command.deviceId());
        assertThat(result.id()).isNotEqualTo(command.id());
        assertThat(result.outcome()).isEqualTo(CommandResult.Outcome.FAILED);
    }

    @Test
    void aFailedResultNeedsAReasonAndADoneResultHasNone() {
        DeviceCommand command = Samples.switchRelay();

        assertThatThrownBy(() -> CommandResult.failed(command, NOW, "device-gateway", null, "broken"))
                .hasMessage("failure: is required");
        assertThatThrownBy(() -> CommandResult.failed(command, NOW, "device-gateway", CommandResult.Failure.INTERNAL, ""))
                .hasMessage("message: must not be blank");
        assertThatThrownBy(() -> new CommandResult(UUID.randomUUID(), command.type(), DEVICE, NOW, "device-gateway", 1,
                command.commandId(), CommandResult.Outcome.DONE, CommandResult.Failure.TIMEOUT, null, null))
                .hasMessage("failure: is TIMEOUT but the outcome is DONE");
    }

    @Test
    void theAdminPasswordNeverTravelsInDesiredSettings() {
        DeviceConfig config = Samples.deviceConfig();

        assertThatThrownBy(() -> new DeviceConfig(DEVICE, "x", config.mac(), config.host(), 80, null, null, null,
                Duration.ofSeconds(10), Map.of("apwd", "secret"), DeviceConfig.DriftPolicy.REPORT))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("passwords never travel on Kafka");
    }

    @Test
    void aDeviceConfigRefusesAPortOutOfRange() {
        DeviceConfig config = Samples.deviceConfig();

        assertThatThrownBy(() -> new DeviceConfig(DEVICE, "x", config.mac(), config.host(), 65536, null, null, null,
                Duration.ofSeconds(10), null, DeviceConfig.DriftPolicy.REPORT))
                .hasMessage("httpPort: is 65536, allowed 1..65535");
    }

    @Test
    void aConfigRecordCarriesTheDeviceAndItsPairUnderTheDevicesKey() {
        ConfigRecord record = Samples.desired();

        assertThat(record.deviceId()).isEqualTo(DEVICE);
        assertThat(record.device().deviceId()).isEqualTo(DEVICE);
        assertThat(record.pair().deviceId()).isEqualTo(DEVICE);
        assertThat(ConfigRecord.desired(Samples.deviceConfig(), null, NOW, "config-service").pair()).isNull();
    }

    @Test
    void aConfigRecordRefusesAPairOfAnotherDevice() {
        PairConfig pair = Samples.pairConfig();
        PairConfig otherDevice = new PairConfig(pair.pairId(), DeviceId.of("fos-2"), pair.primary(), pair.secondary(),
                0, pair.kickInterval(), null, pair.failoverPolicy(), false, false, pair.probes(), pair.probeCombination());

        assertThatThrownBy(() -> ConfigRecord.desired(Samples.deviceConfig(), otherDevice, NOW, "config-service"))
                .hasMessage("pair: is for device fos-2 but the record is for fos-rack7.u12");
    }

    @Test
    void aDeletedConfigRecordCarriesNoConfiguration() {
        assertThat(Samples.deleted().device()).isNull();
        assertThatThrownBy(() -> new ConfigRecord(UUID.randomUUID(), ConfigRecord.Type.DELETED, DEVICE, NOW,
                "config-service", 1, Samples.deviceConfig(), null))
                .hasMessage("device: must be absent in a DELETED record");
        assertThatThrownBy(() -> new ConfigRecord(UUID.randomUUID(), ConfigRecord.Type.DESIRED, DEVICE, NOW,
                "config-service", 1, null, null))
                .hasMessage("device: is required");
    }

    @Test
    void aPairNeedsAHealthSourceAndAKnownScenario() {
        PairConfig pair = Samples.pairConfig();

        assertThatThrownBy(() -> new PairConfig(pair.pairId(), DEVICE, pair.primary(), pair.secondary(), 0,
                pair.kickInterval(), null, pair.failoverPolicy(), false, false, List.of(), pair.probeCombination()))
                .hasMessageStartingWith("probes: is empty");
        assertThatThrownBy(() -> new PairConfig(pair.pairId(), DEVICE, pair.primary(), pair.secondary(), 2,
                pair.kickInterval(), null, pair.failoverPolicy(), false, false, pair.probes(), pair.probeCombination()))
                .hasMessage("scenario: is 2, allowed 0 (fallback) or 1 (bypass)");
    }

    @Test
    void aPairWithoutStartDelayStartsKickingAtOnce() {
        PairConfig pair = Samples.pairConfig();

        PairConfig immediate = new PairConfig(pair.pairId(), DEVICE, pair.primary(), pair.secondary(), 1,
                pair.kickInterval(), null, pair.failoverPolicy(), false, false, pair.probes(), pair.probeCombination());

        assertThat(immediate.startDelay()).isEqualTo(Duration.ZERO);
    }

    @Test
    void activeProbesNeedATargetPassiveOnesDoNot() {
        Duration s = Duration.ofSeconds(1);

        assertThatThrownBy(() -> new Probe(Probe.Type.TCP, "10.1.8.1", null, null, null, s, s, 1, 1))
                .hasMessage("port: is required");
        assertThatThrownBy(() -> new Probe(Probe.Type.SIP_OPTIONS, null, 5060, null, null, s, s, 1, 1))
                .hasMessage("host: is required");
        assertThatThrownBy(() -> new Probe(Probe.Type.HTTP, "pbx", 80, "status", null, s, s, 1, 1))
                .hasMessage("path: \"status\" must start with '/'");
        assertThatThrownBy(() -> new Probe(Probe.Type.PASSIVE, null, null, null, null, s, Duration.ZERO, 1, 1))
                .hasMessage("timeout: is PT0S, must be positive");
        assertThatThrownBy(() -> new Probe(Probe.Type.PASSIVE, null, null, null, null, s, s, 0, 1))
                .hasMessage("failureThreshold: is 0, must be at least 1");
        assertThat(new Probe(Probe.Type.PASSIVE, null, null, null, null, s, s, 1, 1).type().active()).isFalse();
    }

    @Test
    void anAlertReportsAtLeastOneEvent() {
        assertThatThrownBy(() -> Alert.sent(Alert.Channel.WEBHOOK, DEVICE, NOW, "alert-service", "ops-hook", List.of(),
                Alert.Severity.WARNING, "s", "t", NOW))
                .hasMessage("eventIds: is empty; an alert reports at least one event");
    }

    private static List<DeviceEvent.Type> type(int syslogCode) {
        return Arrays.stream(DeviceEvent.Type.values()).filter(t -> t.syslogCodes().contains(syslogCode)).toList();
    }

    private static DeviceEvent event(DeviceEvent.Type type, Integer syslogCode) {
        return DeviceEvent.create(type, DEVICE, NOW, "device-gateway", syslogCode, null, "m");
    }
}
