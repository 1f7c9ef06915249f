package io.fosfleet.heartbeat.failover;

import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The device commands heartbeat-service asks device-gateway for: relay to A–D at once on a fast failover or when a
 * pair enters maintenance, and re-arm plus relay back to A–B when a pair recovers automatically. Each carries a
 * deadline, so that a command held up by a Kafka outage is not carried out long after the situation has changed.
 */
public final class FailoverCommands {

    /** Relay mode 0: A–D, the secondary (also the unpowered state). */
    public static final int MODE_SECONDARY = 0;
    /** Relay mode 1: A–B (and C–D in bypass), the primary. */
    public static final int MODE_PRIMARY = 1;

    private final String source;
    private final Duration ttl;
    private final Clock clock;

    /** @param ttl how long after it was issued a command may still be started */
    public FailoverCommands(String source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    public DeviceCommand switchRelay(DeviceId device, int mode, String reason) {
        return command(DeviceCommand.Type.SWITCH_RELAY, device, reason, Map.of("mode", Integer.toString(mode)));
    }

    public DeviceCommand rearmWatchdog(DeviceId device, String reason) {
        return command(DeviceCommand.Type.WATCHDOG_REARM, device, reason, Map.of());
    }

    private DeviceCommand command(DeviceCommand.Type type, DeviceId device, String reason, Map<String, String> params) {
        Instant now = clock.instant();
        return DeviceCommand.create(UUID.randomUUID(), type, device, now, source, source, reason, params, false,
                now.plus(ttl));
    }
}
