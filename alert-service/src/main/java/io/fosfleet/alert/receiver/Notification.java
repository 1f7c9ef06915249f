package io.fosfleet.alert.receiver;

import io.fosfleet.alert.event.Advice;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.events.Alert.Severity;
import io.fosfleet.events.DeviceId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What goes out to one receiver: the events of one group (one or many, in the order they happened), with the group's
 * labels. The events are folded into {@link #alerts() alerts}, one per condition (alert name on a device), each with
 * its <em>current</em> status: the status its last event in the group set. A group whose alerts all ended resolved
 * goes out as a resolution, however many firing events it also holds.
 *
 * @param groupLabels the values of the route's {@code group_by} labels that define the group
 * @param unreachable devices known to be unreachable when the notification was made (the advice depends on it)
 */
public record Notification(UUID id, ReceiverSpec receiver, String groupKey, Map<String, String> groupLabels,
                           List<AlertEvent> events, Set<DeviceId> unreachable) {

    /**
     * One alert of the notification: a condition with every event of it in this group, in order.
     *
     * @param current the last event of the condition in the group: its status is the alert's status now
     */
    public record AlertState(AlertEvent first, AlertEvent current, List<AlertEvent> events, String check) {

        public Condition.Status status() {
            return current.condition().status();
        }

        public boolean firing() {
            return status() == Condition.Status.FIRING;
        }

        public String alertName() {
            return current.condition().alertName();
        }

        public DeviceId deviceId() {
            return current.deviceId();
        }

        /** When the alert started firing within this group, or its first event's time. */
        public Instant startsAt() {
            return events.stream().filter(e -> e.condition().status() == Condition.Status.FIRING)
                    .map(AlertEvent::occurredAt).findFirst().orElse(first.occurredAt());
        }
    }

    public Notification {
        events = List.copyOf(events);
        groupLabels = Map.copyOf(groupLabels);
        unreachable = Set.copyOf(unreachable);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a notification reports at least one event");
        }
    }

    public Notification(UUID id, ReceiverSpec receiver, String groupKey, Map<String, String> groupLabels,
                        List<AlertEvent> events) {
        this(id, receiver, groupKey, groupLabels, events, Set.of());
    }

    /** The alerts, in the order of their first event in the group, each with its current status and advice. */
    public List<AlertState> alerts() {
        Map<String, List<AlertEvent>> byCondition = new LinkedHashMap<>();
        for (AlertEvent e : events) {
            byCondition.computeIfAbsent(e.conditionKey(), k -> new ArrayList<>()).add(e);
        }
        List<AlertState> alerts = new ArrayList<>();
        byCondition.values().forEach(list -> {
            AlertEvent current = list.get(list.size() - 1);
            alerts.add(new AlertState(list.get(0), current, List.copyOf(list),
                    Advice.check(current, unreachable.contains(current.deviceId()))));
        });
        return alerts;
    }

    /** The alert that heads the notification: the first of the most severe firing ones, else the first. */
    public AlertState leadAlert() {
        List<AlertState> alerts = alerts();
        return alerts.stream()
                .filter(AlertState::firing)
                .max(Comparator.comparing((AlertState a) -> a.current().condition().severity())
                        .thenComparing(AlertState::startsAt, Comparator.reverseOrder()))
                .orElse(alerts.get(0));
    }

    /** The current event of the {@link #leadAlert() lead alert}. */
    public AlertEvent lead() {
        return leadAlert().current();
    }

    public Severity severity() {
        return lead().condition().severity();
    }

    /** Resolved when every alert in it is resolved now, whatever fired in between. */
    public boolean resolved() {
        return alerts().stream().noneMatch(AlertState::firing);
    }

    public Instant firstOccurred() {
        return events.stream().map(AlertEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
    }

    public List<UUID> eventIds() {
        return events.stream().map(AlertEvent::id).toList();
    }
}
