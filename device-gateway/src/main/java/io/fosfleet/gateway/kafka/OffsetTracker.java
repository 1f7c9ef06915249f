package io.fosfleet.gateway.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which command records are finished (their result is on Kafka), so that a partition's offset is committed only past
 * records whose work is done: at-least-once, however the commands of different devices interleave.
 */
public final class OffsetTracker {

    /** Per partition: offsets received and not yet committed, each with whether its work is done. */
    private final Map<TopicPartition, TreeMap<Long, Boolean>> open = new HashMap<>();

    public synchronized void received(TopicPartition partition, long offset) {
        open.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, false);
    }

    public synchronized void done(TopicPartition partition, long offset) {
        TreeMap<Long, Boolean> offsets = open.get(partition);
        if (offsets != null && offsets.containsKey(offset)) {
            offsets.put(offset, true);
        }
    }

    /** The offsets that may be committed now: past every leading done record of each partition. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        open.forEach((partition, offsets) -> {
            long next = -1;
            while (!offsets.isEmpty() && offsets.firstEntry().getValue()) {
                next = offsets.pollFirstEntry().getKey() + 1;
            }
            if (next >= 0) {
                commit.put(partition, new OffsetAndMetadata(next));
            }
        });
        return commit;
    }

    /** The partitions went to another replica: what was not committed is theirs to redo. */
    public synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(open::remove);
    }
}
