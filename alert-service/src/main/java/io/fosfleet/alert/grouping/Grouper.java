package io.fosfleet.alert.grouping;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.Route;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Alertmanager's grouping: events of one route, receiver and {@code group_by} values wait together. A new group goes
 * out {@code group_wait} after its first event; events arriving later go out together at most once per
 * {@code group_interval}. The same condition (alert, status, device) is not sent to a receiver again within
 * {@code repeat_interval} unless its status changed in between.
 */
public final class Grouper {

    /** An event waiting in a group, with what to call once its notification is done or dropped. */
    public record Entry(AlertEvent event, Runnable done) {
    }

    /** A group ready to go out. */
    public record Batch(String key, ReceiverSpec receiver, Map<String, String> labels, List<Entry> entries) {
    }

    private static final class Group {
        final String key;
        final ReceiverSpec receiver;
        final Map<String, String> labels;
        final Route route;
        final List<Entry> entries = new ArrayList<>();
        Instant dueAt;
        Instant lastFlush;

        Group(String key, ReceiverSpec receiver, Map<String, String> labels, Route route) {
            this.key = key;
            this.receiver = receiver;
            this.labels = labels;
            this.route = route;
        }
    }

    private final Runnable duplicate;
    private final Map<String, Group> groups = new HashMap<>();
    /**
     * The last status notified per receiver, alert and device. A repeat of the same status is dropped within
     * repeat_interval; a change (fired, resolved, fired again) always goes out. Within one batch every event stays,
     * so a group shows all of its events.
     */
    private final Map<String, Notified> lastNotified = new HashMap<>();

    private record Notified(Condition.Status status, Instant at, String batch) {
    }

    /** @param duplicate called for each event taken out because its condition went out within repeat_interval */
    public Grouper(Runnable duplicate) {
        this.duplicate = duplicate;
    }

    public synchronized void add(Route route, ReceiverSpec receiver, AlertEvent event, Runnable done, Instant now) {
        Map<String, String> all = event.labels();
        Map<String, String> labels = new LinkedHashMap<>();
        route.groupBy().forEach(l -> labels.put(l, all.getOrDefault(l, "")));
        String key = route.path() + "/" + receiver.name() + "/" + labels;
        Group g = groups.computeIfAbsent(key, k -> new Group(k, receiver, labels, route));
        g.entries.add(new Entry(event, done));
        if (g.dueAt == null) {
            Instant next = g.lastFlush == null ? now.plus(route.groupWait()) : g.lastFlush.plus(route.groupInterval());
            g.dueAt = next.isBefore(now.plus(route.groupWait())) ? now.plus(route.groupWait()) : next;
        }
    }

    /**
     * The groups due now, with the events sent within {@code repeat_interval} already taken out (their {@code done}
     * is called); a group left empty is not returned.
     */
    public synchronized List<Batch> due(Instant now) {
        List<Batch> batches = new ArrayList<>();
        for (var it = groups.values().iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (g.dueAt == null) {
                if (g.lastFlush.plus(g.route.groupInterval()).plus(g.route.repeatInterval()).isBefore(now)) {
                    it.remove();  // idle long enough to be forgotten
                }
                continue;
            }
            if (g.dueAt.isAfter(now)) {
                continue;
            }
            List<Entry> send = new ArrayList<>();
            for (Entry e : g.entries) {
                String condition = g.receiver.name() + "/" + e.event().conditionKey();
                Notified last = lastNotified.get(condition);
                Condition.Status status = e.event().condition().status();
                boolean repeat = last != null && last.status() == status && !last.batch().equals(g.key + now)
                        && last.at().plus(g.route.repeatInterval()).isAfter(now);
                if (repeat) {
                    duplicate.run();
                    e.done().run();
                } else {
                    send.add(e);
                    lastNotified.put(condition, new Notified(status, now, g.key + now));
                }
            }
            g.entries.clear();
            g.dueAt = null;
            g.lastFlush = now;
            if (!send.isEmpty()) {
                batches.add(new Batch(g.key, g.receiver, g.labels, send));
            }
        }
        lastNotified.values().removeIf(n -> n.at().plus(Duration.ofDays(1)).isBefore(now));
        return batches;
    }
}
