package io.fosfleet.alert.grouping;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;

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
 * Notices conditions that change state too often. A condition is one alert name on one device
 * ({@link AlertEvent#conditionKey()}, e.g. {@code PrimaryDown} of {@code fos-7}); a transition is that condition
 * going from resolved (or never seen) to firing or back — a repeat of the same status is none. At {@code threshold}
 * transitions within {@code window} the condition is flapping: one "flapping" notice goes out instead of the event
 * that crossed the threshold and its further events are held back, until it has been quiet for {@code stableAfter},
 * when one "stable again" notice goes out. Other conditions of the same device are not affected, so one ordinary
 * failover and recovery (two transitions of {@code PrimaryDown}, two of {@code Failover}) is never flapping.
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
    private final Map<String, Deque<Instant>> transitions = new HashMap<>();
    private final Map<String, Condition.Status> lastStatus = new HashMap<>();
    private final Map<String, Flapping> flapping = new HashMap<>();

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
        String key = e.conditionKey();
        if (flapping.containsKey(key)) {
            lastStatus.put(key, e.condition().status());
            flapping.put(key, new Flapping(now, e));
            return Verdict.HOLD;
        }
        Condition.Status before = lastStatus.getOrDefault(key, Condition.Status.RESOLVED);
        lastStatus.put(key, e.condition().status());
        if (before == e.condition().status()) {
            return Verdict.PASS;  // a repeat, not a change of state
        }
        // The window is measured on the events' own times, so a replay after a restart judges the same way.
        Deque<Instant> times = transitions.computeIfAbsent(key, d -> new ArrayDeque<>());
        times.addLast(e.occurredAt());
        while (!times.isEmpty() && times.peekFirst().isBefore(e.occurredAt().minus(window))) {
            times.removeFirst();
        }
        if (times.size() < threshold) {
            return Verdict.PASS;
        }
        transitions.remove(key);
        flapping.put(key, new Flapping(now, e));
        return Verdict.START;
    }

    /** The "stable again" notices of conditions quiet for long enough; they count as stable from now on. */
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
