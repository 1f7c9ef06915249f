package io.fosfleet.alert.grouping;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.events.EventJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which conditions are firing at which receiver, as Alertmanager's notification log: a resolution goes to a receiver
 * only when that receiver was notified of the condition firing (and not of its resolution since). A condition is one
 * alert name on one device ({@link AlertEvent#conditionKey()}).
 *
 * <p>The memory is kept per receiver, not per route: a receiver reached by several routes knows a condition once. It is
 * updated when a group is handed to delivery (so a firing and its resolution in one group both go out) and persisted
 * once the notification was delivered or dead-lettered, as a {@link Entry} on a compacted topic keyed by
 * {@code receiver/condition}, which is read back at start. Entries are merged by the time of the event behind them,
 * so a record read back late (our own, or another replica's) never undoes a newer state.
 */
public final class FiringLog {

    /**
     * The state of one condition at one receiver, as persisted.
     *
     * @param eventId the event whose notification set this state
     * @param at      the time of that event (the later one of firing and resolution for a resolution)
     */
    public record Entry(String receiver, String condition, boolean firing, UUID eventId, Instant at) {

        public String key() {
            return receiver + "/" + condition;
        }
    }

    private final Map<String, Entry> states = new HashMap<>();

    /**
     * Decides whether an event about to go out to a receiver may go: a firing always (and the condition is firing
     * there from now on), a resolution only while the condition is firing there (and it is resolved from now on).
     */
    public synchronized boolean admit(String receiver, AlertEvent e) {
        String condition = e.conditionKey();
        String key = receiver + "/" + condition;
        Entry current = states.get(key);
        Instant at = current == null || e.occurredAt().isAfter(current.at()) ? e.occurredAt() : current.at();
        if (e.condition().status() == Condition.Status.FIRING) {
            states.put(key, new Entry(receiver, condition, true, e.id(), at));
            return true;
        }
        if (current == null || !current.firing()) {
            return false;
        }
        states.put(key, new Entry(receiver, condition, false, e.id(), at));
        return true;
    }

    /**
     * The entries to persist now that a notification to the receiver is done (delivered or dead-lettered): per
     * condition the state its last event set, unless a newer event has changed that state since.
     */
    public synchronized List<Entry> notified(String receiver, List<AlertEvent> events) {
        Map<String, AlertEvent> last = new LinkedHashMap<>();
        events.forEach(e -> last.put(receiver + "/" + e.conditionKey(), e));
        List<Entry> entries = new ArrayList<>();
        last.forEach((key, e) -> {
            Entry current = states.get(key);
            if (current != null && current.eventId().equals(e.id())) {
                entries.add(current);
            }
        });
        return entries;
    }

    /** Reads a record of the firing topic (at start, and whatever other replicas write meanwhile). */
    public void apply(byte[] json) {
        merge(EventJson.fromBytes(json, Entry.class));
    }

    /** Takes an entry unless a newer state of its condition is known; at equal times a resolution wins. */
    public synchronized void merge(Entry entry) {
        states.merge(entry.key(), entry, (current, incoming) -> {
            if (incoming.at().isAfter(current.at())) {
                return incoming;
            }
            if (incoming.at().equals(current.at()) && !incoming.firing()) {
                return incoming;
            }
            return current;
        });
    }

    /** The known state of a condition ({@link AlertEvent#conditionKey()}) at a receiver. */
    public synchronized Optional<Entry> state(String receiver, String conditionKey) {
        return Optional.ofNullable(states.get(receiver + "/" + conditionKey));
    }

    /** The conditions the receiver was notified of firing (and not of their resolution since). */
    public synchronized List<Entry> firingAt(String receiver) {
        return states.values().stream().filter(e -> e.firing() && e.receiver().equals(receiver)).toList();
    }

    /** Whether the receiver was notified of the condition ({@link AlertEvent#conditionKey()}) firing. */
    public synchronized boolean firing(String receiver, String conditionKey) {
        Entry e = states.get(receiver + "/" + conditionKey);
        return e != null && e.firing();
    }
}
