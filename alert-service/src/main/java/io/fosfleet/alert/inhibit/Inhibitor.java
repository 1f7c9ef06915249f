package io.fosfleet.alert.inhibit;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.routing.InhibitRule;
import io.fosfleet.events.DeviceId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Alertmanager's inhibition: which alerts fire now (from every event seen, whether notified, silenced or held back as
 * flapping), and whether a firing alert about to be notified is held back by one of them under the inhibit rules.
 * Only firing is inhibited: a resolution goes wherever its firing was notified, so nothing stays "firing" at a
 * receiver; the resolution of an inhibited firing is dropped as one the receiver never heard firing.
 */
public final class Inhibitor {

    /** Labels of the alerts firing now, by condition ({@link AlertEvent#conditionKey()}). */
    private final Map<String, Map<String, String>> firing = new HashMap<>();

    /** Follows the alert's state: a firing event makes it fire, a resolving one ends it. */
    public synchronized void observe(AlertEvent e) {
        if (e.condition().status() == Condition.Status.FIRING) {
            firing.put(e.conditionKey(), e.labels());
        } else {
            firing.remove(e.conditionKey());
        }
    }

    /** Whether the alert fires now. */
    public synchronized boolean firing(String conditionKey) {
        return firing.containsKey(conditionKey);
    }

    /** Devices whose DeviceUnreachable alert fires now. */
    public synchronized Set<DeviceId> unreachable() {
        Set<DeviceId> result = new HashSet<>();
        firing.forEach((key, labels) -> {
            if (Condition.UNREACHABLE.alertName().equals(labels.get("alertname"))) {
                result.add(DeviceId.of(labels.get("device")));
            }
        });
        return result;
    }

    /**
     * The firing alert that inhibits this event under the rules (its condition key), if any. Resolutions are never
     * inhibited.
     */
    public synchronized Optional<String> inhibitedBy(AlertEvent target, List<InhibitRule> rules) {
        if (target.condition().status() != Condition.Status.FIRING) {
            return Optional.empty();
        }
        Map<String, String> labels = target.labels();
        for (InhibitRule rule : rules) {
            if (!rule.isTarget(labels)) {
                continue;
            }
            for (var source : firing.entrySet()) {
                if (!source.getKey().equals(target.conditionKey()) && rule.isSource(source.getValue())
                        && rule.equalOn(source.getValue(), labels)) {
                    return Optional.of(source.getKey());
                }
            }
        }
        return Optional.empty();
    }
}
