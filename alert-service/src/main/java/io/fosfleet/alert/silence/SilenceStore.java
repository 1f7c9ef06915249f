package io.fosfleet.alert.silence;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.routing.Matcher;
import io.fosfleet.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The silences: kept in a compacted topic of our own (key = silence id), so every replica sees them and a restart
 * loses none; plus the automatic ones for pairs that config-service put in maintenance.
 */
public final class SilenceStore {

    /** Expired silences stay visible for a day, as in Alertmanager's retention, then drop out of the view. */
    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final Map<UUID, Silence> silences = new ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Inventory inventory;

    public SilenceStore(KafkaProducer<String, String> producer, String topic, Inventory inventory) {
        this.producer = producer;
        this.topic = topic;
        this.inventory = inventory;
    }

    /** Applies a record of the silence topic (ours or another replica's). */
    public void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            silences.remove(UUID.fromString(r.key()));
        } else {
            Silence s = EventJson.fromBytes(r.value(), Silence.class);
            silences.merge(s.id(), s, (old, neu) -> neu.updatedAt().isBefore(old.updatedAt()) ? old : neu);
        }
    }

    /** Stores a silence and returns once the broker has it. */
    public Silence save(Silence s) {
        try {
            producer.send(new ProducerRecord<>(topic, s.id().toString(), EventJson.toJson(s))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot store the silence: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the silence", e);
        }
        silences.put(s.id(), s);
        return s;
    }

    public Optional<Silence> get(UUID id) {
        return Optional.ofNullable(silences.get(id)).or(() -> maintenance(Instant.now()).stream()
                .filter(s -> s.id().equals(id)).findFirst());
    }

    /** Every silence still of interest, automatic ones included, newest first. */
    public List<Silence> list(Instant now) {
        List<Silence> all = new ArrayList<>(maintenance(now));
        silences.values().stream().filter(s -> s.endsAt().isAfter(now.minus(KEEP_EXPIRED))).forEach(all::add);
        all.sort(Comparator.comparing(Silence::updatedAt).reversed());
        return all;
    }

    /** The silence that holds back an alert now, if any; a pair in maintenance first. */
    public Optional<Silence> silencing(AlertEvent e, Instant now) {
        Map<String, String> labels = e.labels();
        if (e.placement().maintenance()) {
            return Optional.of(maintenanceSilence(e.placement().pairId(), now));
        }
        return silences.values().stream().filter(s -> s.silences(labels, now)).findFirst();
    }

    /** Whether a silence was made for a pair in maintenance; such a silence ends with the maintenance, not by API. */
    public static boolean automatic(Silence s) {
        return s.createdBy().equals(MAINTENANCE_AUTHOR);
    }

    static final String MAINTENANCE_AUTHOR = "config-service (maintenance)";

    private List<Silence> maintenance(Instant now) {
        return inventory.inMaintenance().values().stream().map(p -> p.pairId()).filter(java.util.Objects::nonNull)
                .distinct().map(pair -> maintenanceSilence(pair, now)).toList();
    }

    private static Silence maintenanceSilence(String pairId, Instant now) {
        String pair = pairId == null ? "" : pairId;
        // Stable id per pair, so the view and the counters name the same silence each time.
        return new Silence(UUID.nameUUIDFromBytes(("maintenance/" + pair).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                List.of(new Matcher("pair", pair, false, true)), now, now.plus(Duration.ofDays(3650)),
                MAINTENANCE_AUTHOR, "pair " + pair + " is in maintenance", now);
    }
}
