package io.fosfleet.alert.grouping;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.events.DeviceId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Notices devices that change state too often: at {@code threshold} transitions within {@code window} a device is
 * flapping — one "flapping" notice goes out and its further transitions are held back — until it has been quiet for
 * {@code stableAfter}, when one "stable again" notice goes out.
 */
public final class FlapDetector {

    /** What to do with an event. */
    public enum Verdict {
        /** Not flapping: handle the event as usual. */
        PASS,
        /** The device starts flapping with this event: notify "flapping" instead. */
        START,
        /** The device is flapping: hold the event back. */
        HOLD
    }

    private final int threshold;
    private final Duration window;
    private final Duration stableAfter;
    private final Map<DeviceId, Deque<Instant>> transitions = new HashMap<>();
    private final Map<DeviceId, Flapping> flapping = new HashMap<>();

    private record Flapping(Instant lastTransition, AlertEvent last) {
    }

    public FlapDetector(int threshold, Duration window, Duration stableAfter) {
        this.threshold = threshold;
        this.window = window;
        this.stableAfter = stableAfter;
    }

    /** @param now the wall-clock time the event is handled at, for the quiet period */
    public synchronized Verdict observe(AlertEvent e, Instant now) {
        if (!e.condition().transition()) {
            return Verdict.PASS;
        }
        if (flapping.containsKey(e.deviceId())) {
            flapping.put(e.deviceId(), new Flapping(now, e));
            return Verdict.HOLD;
        }
        // The window is measured on the events' own times, so a replay after a restart judges the same way.
        Deque<Instant> times = transitions.computeIfAbsent(e.deviceId(), d -> new ArrayDeque<>());
        times.addLast(e.occurredAt());
        while (!times.isEmpty() && times.peekFirst().isBefore(e.occurredAt().minus(window))) {
            times.removeFirst();
        }
        if (times.size() < threshold) {
            return Verdict.PASS;
        }
        transitions.remove(e.deviceId());
        flapping.put(e.deviceId(), new Flapping(now, e));
        return Verdict.START;
    }

    /** The "stable again" notices of devices quiet for long enough; they count as stable from now on. */
    public synchronized List<AlertEvent> stabilised(Instant now) {
        List<AlertEvent> notices = new ArrayList<>();
        flapping.entrySet().removeIf(entry -> {
            if (entry.getValue().lastTransition().plus(stableAfter).isAfter(now)) {
                return false;
            }
            AlertEvent last = entry.getValue().last();
            // An id of its own: the last event may be the one the "flapping" notice went out under.
            UUID id = UUID.nameUUIDFromBytes(("stable/" + last.id()).getBytes(StandardCharsets.UTF_8));
            notices.add(last.as(Condition.STABLE, id, "no state change for " + stableAfter.toSeconds() + " s; last: "
                    + last.condition().summary()));
            return true;
        });
        return notices;
    }
}
