package io.fosfleet.alert.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which consumed records are still waiting for their notifications, per partition. A partition may be committed up to
 * its oldest waiting record and no further, so a crash replays exactly what was not yet delivered or dead-lettered.
 */
public final class OffsetTracker {

    /** A consumed record that stays uncommitted until every notification holding it is done. */
    public final class Ticket {
        private final TopicPartition partition;
        private final long offset;

        private Ticket(TopicPartition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        /** One more notification holds the record. */
        public void retain() {
            synchronized (OffsetTracker.this) {
                Map<Long, Integer> p = waiting.get(partition);
                if (p != null) {
                    p.merge(offset, 1, Integer::sum);
                }
            }
        }

        /** One holder is done (delivered, dead-lettered, suppressed); the last one lets the record be committed. */
        public void release() {
            synchronized (OffsetTracker.this) {
                TreeMap<Long, Integer> p = waiting.get(partition);
                if (p != null && p.computeIfPresent(offset, (o, n) -> n == 1 ? null : n - 1) == null) {
                    pending--;
                }
            }
        }
    }

    private final Map<TopicPartition, TreeMap<Long, Integer>> waiting = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private int pending;

    /** Starts tracking a record; the caller holds it until it calls {@link Ticket#release()}. */
    public synchronized Ticket track(TopicPartition partition, long offset) {
        waiting.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, 1);
        next.put(partition, offset + 1);
        pending++;
        return new Ticket(partition, offset);
    }

    /** How many records are waiting for their notifications. */
    public synchronized int pending() {
        return pending;
    }

    /** The offsets that may be committed now and were not committed yet. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        next.forEach((partition, nextOffset) -> {
            TreeMap<Long, Integer> w = waiting.get(partition);
            long upTo = w == null || w.isEmpty() ? nextOffset : w.firstKey();
            if (!Long.valueOf(upTo).equals(committed.get(partition))) {
                result.put(partition, new OffsetAndMetadata(upTo));
            }
        });
        return result;
    }

    public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((p, o) -> committed.put(p, o.offset()));
    }

    /** The partitions went to another replica: their waiting records will be replayed there. */
    public synchronized void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            TreeMap<Long, Integer> w = waiting.remove(p);
            if (w != null) {
                pending -= w.size();
            }
            next.remove(p);
            committed.remove(p);
        }
    }
}
