package io.fosfleet.alert.inhibit;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.events.DeviceId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds a device's WatchdogKickFailed firing back for a grace period, so that the DeviceUnreachable that usually
 * follows it can inhibit it. heartbeat-service notices unanswered kicks within about a second (kick timeout 500 ms,
 * one retry); device-gateway reports a device unreachable only after several failed polls (3 by default, each up to the
 * poll timeout, one poll interval apart). Without the hold, the kick failure of a device that simply left the network
 * would go out first and tell the NOC something other than the truth ("kicks not acknowledged" instead of "device
 * unreachable").
 *
 * <p>What happens to a held firing:
 * <ul>
 *   <li>the device's DeviceUnreachable fires: the firing is let go at once, and the inhibit rules hold it back;</li>
 *   <li>its resolution (WDOG_OK) arrives: kicks are answered again, the short failure is dropped and never notified;</li>
 *   <li>the grace runs out: the firing is let go as usual (kicks fail while the device is reachable).</li>
 * </ul>
 * The type parameter is what travels with the held event (the consumed record's ticket).
 */
public final class KickFailureGrace<T> {

    /** A held firing and what travels with it. */
    public record Held<T>(List<AlertEvent> events, List<T> attachments, Instant until) {
        private void add(AlertEvent e, T attachment) {
            events.add(e);
            attachments.add(attachment);
        }
    }

    private final Duration grace;
    private final Map<DeviceId, Held<T>> held = new LinkedHashMap<>();

    public KickFailureGrace(Duration grace) {
        this.grace = grace;
    }

    /**
     * Whether this event is held back for the grace: a WatchdogKickFailed firing of a device not known unreachable,
     * or a repeat of one held now (held with it, so that every event stays in its notification).
     */
    public synchronized boolean hold(AlertEvent e, boolean deviceUnreachable, T attachment, Instant now) {
        if (grace.isZero() || grace.isNegative() || e.condition() != Condition.WDOG_FAILED || deviceUnreachable) {
            return false;
        }
        held.computeIfAbsent(e.deviceId(), d -> new Held<>(new ArrayList<>(), new ArrayList<>(), now.plus(grace)))
                .add(e, attachment);
        return true;
    }

    /**
     * What an event ends: a DeviceUnreachable firing lets the device's held firing go now (to be inhibited); a
     * WDOG_OK drops it ({@link Outcome#dropped}).
     */
    public synchronized Optional<Outcome<T>> settle(AlertEvent e) {
        if (e.condition() == Condition.UNREACHABLE) {
            Held<T> h = held.remove(e.deviceId());
            return h == null ? Optional.empty() : Optional.of(new Outcome<>(h, false));
        }
        if (e.condition() == Condition.WDOG_OK) {
            Held<T> h = held.remove(e.deviceId());
            return h == null ? Optional.empty() : Optional.of(new Outcome<>(h, true));
        }
        return Optional.empty();
    }

    /** The held firings whose grace ran out, removed. */
    public synchronized List<Held<T>> due(Instant now) {
        List<Held<T>> result = new ArrayList<>();
        for (Iterator<Held<T>> it = held.values().iterator(); it.hasNext(); ) {
            Held<T> h = it.next();
            if (!now.isBefore(h.until())) {
                result.add(h);
                it.remove();
            }
        }
        return result;
    }

    /** @param dropped true when the firing is never to be notified (its resolution came within the grace) */
    public record Outcome<T>(Held<T> held, boolean dropped) {
    }
}
