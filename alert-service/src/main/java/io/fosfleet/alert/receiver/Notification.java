package io.fosfleet.alert.receiver;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.events.Alert.Severity;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What goes out to one receiver: the events of one group (one or many), with the group's labels.
 *
 * @param groupLabels the values of the route's {@code group_by} labels that define the group
 */
public record Notification(UUID id, ReceiverSpec receiver, String groupKey, Map<String, String> groupLabels,
                           List<AlertEvent> events) {

    public Notification {
        events = List.copyOf(events);
        groupLabels = Map.copyOf(groupLabels);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a notification reports at least one event");
        }
    }

    /** The event that heads the notification: the first of the most severe firing ones, else the first. */
    public AlertEvent lead() {
        return events.stream()
                .filter(e -> e.condition().status() == Condition.Status.FIRING)
                .max(Comparator.comparing((AlertEvent e) -> e.condition().severity())
                        .thenComparing(AlertEvent::occurredAt, Comparator.reverseOrder()))
                .orElse(events.get(0));
    }

    public Severity severity() {
        return lead().condition().severity();
    }

    /** Resolved when every event in it resolves something. */
    public boolean resolved() {
        return events.stream().allMatch(e -> e.condition().status() == Condition.Status.RESOLVED);
    }

    public Instant firstOccurred() {
        return events.stream().map(AlertEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
    }

    public List<UUID> eventIds() {
        return events.stream().map(AlertEvent::id).toList();
    }
}
