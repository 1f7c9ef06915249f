package io.fosfleet.alert.delivery;

import io.fosfleet.events.Alert;
import io.fosfleet.events.EventJson;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which event went to which receiver already, rebuilt at start from {@code fos.alerts} and the dead-letter topic:
 * a replayed event is not sent again to a receiver that had it. Entries older than the retention are forgotten.
 */
public final class DeliveredLog {

    private final Map<String, Instant> done = new ConcurrentHashMap<>();
    private final Duration retention;

    public DeliveredLog(Duration retention) {
        this.retention = retention;
    }

    public boolean contains(UUID eventId, String receiver) {
        return done.containsKey(key(eventId, receiver));
    }

    public void add(List<UUID> eventIds, String receiver, Instant at) {
        eventIds.forEach(id -> done.put(key(id, receiver), at));
    }

    /** Reads a record of {@code fos.alerts}. */
    public void recordSent(byte[] json) {
        Alert a = EventJson.fromBytes(json, Alert.class);
        add(a.eventIds(), a.receiver(), a.sentAt());
    }

    /** Reads a record of the dead-letter topic. */
    public void recordDeadLetter(byte[] json) {
        DeadLetter d = EventJson.fromBytes(json, DeadLetter.class);
        add(d.eventIds(), d.receiver(), d.deadLetteredAt());
    }

    public void prune(Instant now) {
        Instant horizon = now.minus(retention);
        done.values().removeIf(at -> at.isBefore(horizon));
    }

    private static String key(UUID eventId, String receiver) {
        return eventId + "/" + receiver;
    }
}
