package io.fosfleet.alert.inhibit;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.events.DeviceId;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes a fast failover one Failover alert. When the primary of a fast-failover pair goes down, heartbeat-service
 * switches the relay to A-D at once; the device reports that only as a relay change, and its watchdog runs out a few
 * seconds later (a FAILOVER event). The relay change to A-D of such a pair while its PrimaryDown fires becomes the
 * Failover alert firing; the watchdog's FAILOVER that follows is the same alert (same condition, so it is not notified
 * again within repeat_interval). Should the relay go back to A-B before the watchdog ran out, that ends the alert;
 * after the watchdog ran out, the re-arm (REARMED) ends it as for any failover.
 */
public final class FastFailover {

    /** Devices whose Failover fires from a fast failover: true until the watchdog ran out too. */
    private final Map<DeviceId, Boolean> fast = new HashMap<>();

    /** The Failover event this event means, if it is the start or end of a fast failover. */
    public synchronized Optional<AlertEvent> derive(AlertEvent e, Inhibitor state) {
        DeviceId device = e.deviceId();
        String failover = Condition.FAILOVER.alertName() + "/" + device.value();
        switch (e.condition()) {
            case RELAY_CHANGED -> {
                boolean toSecondary = "0".equals(e.details().get("mode"));
                if (toSecondary && e.placement().fastFailover() && !e.placement().maintenance()
                        && state.firing(Condition.PRIMARY_DOWN.alertName() + "/" + device.value())
                        && !state.firing(failover)) {
                    fast.put(device, true);
                    return Optional.of(derived(e, Condition.FAST_FAILOVER, "fast failover: relay switched to A-D"
                            + " while the primary is down; the watchdog failover that follows is part of this alert"));
                }
                if (!toSecondary && Boolean.TRUE.equals(fast.get(device)) && state.firing(failover)) {
                    fast.remove(device);
                    return Optional.of(derived(e, Condition.FAST_FAILOVER_ENDED,
                            "relay back on A-B before the watchdog ran out"));
                }
            }
            case FAILOVER -> fast.computeIfPresent(device, (d, v) -> false);
            case REARMED -> fast.remove(device);
            default -> {
            }
        }
        return Optional.empty();
    }

    private static AlertEvent derived(AlertEvent e, Condition condition, String message) {
        UUID id = UUID.nameUUIDFromBytes((condition.name() + "/" + e.id()).getBytes(StandardCharsets.UTF_8));
        return new AlertEvent(id, condition, e.deviceId(), e.placement(), e.occurredAt(), null, message, e.details());
    }
}
