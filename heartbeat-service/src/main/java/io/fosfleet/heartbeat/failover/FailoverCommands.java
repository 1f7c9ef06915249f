package io.fosfleet.heartbeat.failover;

import io.fosfleet.events.Command;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import io.fosfleet.protocol.RelayMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The device commands heartbeat-service asks device-gateway for: relay to A–D at once on a fast failover or when a
 * pair enters maintenance, and re-arm plus relay back to A–B when a pair recovers automatically. Each carries a
 * deadline, so that a command held up by a Kafka outage is not carried out long after the situation has changed.
 */
public final class FailoverCommands {

    /** Relay mode 0: A–D, the secondary (also the unpowered state). */
    public static final RelayMode MODE_SECONDARY = RelayMode.A_D;
    /** Relay mode 1: A–B (and C–D in bypass), the primary. */
    public static final RelayMode MODE_PRIMARY = RelayMode.A_B;

    private final String source;
    private final Duration ttl;
    private final Clock clock;

    /** @param ttl how long after it was issued a command may still be started */
    public FailoverCommands(String source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    public DeviceCommand switchRelay(DeviceId device, RelayMode mode, String reason) {
        return command(new Command.SwitchRelay(mode), device, reason);
    }

    public DeviceCommand rearmWatchdog(DeviceId device, String reason) {
        return command(new Command.WatchdogRearm(), device, reason);
    }

    private DeviceCommand command(Command command, DeviceId device, String reason) {
        Instant now = clock.instant();
        return DeviceCommand.of(command, UUID.randomUUID(), device, now, source, source, reason, false, now.plus(ttl));
    }
}
