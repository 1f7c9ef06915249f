package io.fosfleet.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One fully populated record of every kind, as the services would write them. */
final class Samples {

    static final DeviceId DEVICE = DeviceId.of("fos-rack7.u12");
    static final Instant NOW = Instant.parse("2026-11-27T10:15:30.123456789Z");

    private Samples() {
    }

    static DeviceEvent failover() {
        return DeviceEvent.create(DeviceEvent.Type.FAILOVER, DEVICE, NOW, "device-gateway", 42,
                Map.of("mode", "0", "relay", "A-D"), "Wdog swithed: Failover (timeout)");
    }

    static DeviceState state() {
        return DeviceState.snapshot(DEVICE, NOW, "device-gateway", NOW.minusSeconds(2), true, false,
                Map.of("scenario", "0", "mode", "1", "wdog", "1", "wdogstate", "1", "wdogitime", "60", "wdogrtime", "57"));
    }

    static HeartbeatEvent primaryDown() {
        return HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, DEVICE, "pbx-pair-1", NOW, "heartbeat-service",
                "primary pbx-a unhealthy: 3 SIP OPTIONS probes failed", Map.of("probe.sip", "timeout after 2s"));
    }

    static DeviceCommand switchRelay() {
        return DeviceCommand.create(UUID.randomUUID(), DeviceCommand.Type.SWITCH_RELAY, DEVICE, NOW, "config-service",
                "alice", "planned PBX maintenance", Map.of("mode", "0"), false, NOW.plusSeconds(30));
    }

    static CommandResult switchFailed() {
        return CommandResult.failed(switchRelay(), NOW.plusSeconds(1), "device-gateway",
                CommandResult.Failure.BAD_CREDENTIALS, "device answered 401 to the admin password");
    }

    static CommandResult switchDone() {
        return CommandResult.done(switchRelay(), NOW.plusSeconds(1), "device-gateway", null, Map.of("mode", "0"));
    }

    static DeviceConfig deviceConfig() {
        return new DeviceConfig(DEVICE, "Rack 7 U12", "00:50:C2:12:34:56", "10.1.7.12", 80, "berofos-admin", "fra1", "r7",
                Duration.ofSeconds(10), Map.of("modedef", "1", "wdogdef", "1", "wdogitime", "60"),
                DeviceConfig.DriftPolicy.ENFORCE);
    }

    static PairConfig pairConfig() {
        return new PairConfig("pbx-pair-1", DEVICE, new PairConfig.Node("pbx-a", "10.1.8.1"),
                new PairConfig.Node("pbx-b", "10.1.8.2"), 0, Duration.ofSeconds(5), Duration.ofSeconds(30),
                PairConfig.FailoverPolicy.MANUAL, true, false,
                List.of(new Probe(Probe.Type.SIP_OPTIONS, "10.1.8.1", 5060, null, null, Duration.ofSeconds(5),
                                Duration.ofSeconds(2), 3, 2),
                        new Probe(Probe.Type.HTTP, "10.1.8.1", 8088, "/httpstatus", 200, Duration.ofSeconds(10),
                                Duration.ofSeconds(3), 3, 1),
                        new Probe(Probe.Type.PASSIVE, null, null, null, null, Duration.ofSeconds(5),
                                Duration.ofSeconds(15), 1, 1)),
                PairConfig.ProbeCombination.ALL);
    }

    static ConfigRecord desired() {
        return ConfigRecord.desired(deviceConfig(), pairConfig(), NOW, "config-service");
    }

    static ConfigRecord deleted() {
        return ConfigRecord.deleted(DEVICE, NOW, "config-service");
    }

    static Alert alert() {
        return Alert.sent(Alert.Channel.MAIL, DEVICE, NOW, "alert-service", "noc-mail", List.of(UUID.randomUUID()),
                Alert.Severity.CRITICAL, "fos-rack7.u12 failed over", "Wdog swithed: Failover (timeout)",
                NOW.plusSeconds(3));
    }

    static KickSummary primaryDownKicks() {
        return KickSummary.of(DEVICE, "pair-7", NOW, "heartbeat-service", "hb-0-1234-ab12",
                KickSummary.NotKicking.PRIMARY_DOWN, false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(5), NOW.minusSeconds(2), NOW.minusSeconds(1));
    }

    static List<Envelope> all() {
        return List.of(failover(), state(), primaryDown(), switchRelay(), switchFailed(), switchDone(), desired(),
                deleted(), alert(), primaryDownKicks());
    }
}
