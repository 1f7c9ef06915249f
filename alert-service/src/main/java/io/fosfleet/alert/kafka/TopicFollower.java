package io.fosfleet.alert.kafka;

import io.fosfleet.kafka.RateLimitedLog;
import io.fosfleet.kafka.Reasons;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads every partition of a topic on its own thread, from the beginning or from a point in time, and keeps
 * following it; tells when it has caught up with what was there at start. State such as silences, the inventory and
 * the record of delivered notifications is rebuilt this way, so a restart loses none of it.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Instant from;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final RateLimitedLog skipped = new RateLimitedLog(org.slf4j.LoggerFactory.getLogger(TopicFollower.class),
            Duration.ofSeconds(10));
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /** @param from the earliest record time to read; null for the whole topic */
    public TopicFollower(KafkaConsumer<String, byte[]> consumer, String topic, Instant from,
                         Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.consumer = consumer;
        this.topic = topic;
        this.from = from;
        this.handler = handler;
        this.thread = new Thread(this::run, "follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = null;
            Map<TopicPartition, Long> end = null;
            while (end == null) {
                try {
                    partitions = partitions();
                    end = start(partitions);
                } catch (TimeoutException e) {
                    // the broker is slow to answer (starting, busy, a slow sign-in): try again, never give up
                    skipped.warn(topic + "-start", "reading " + topic + " from its start: Kafka did not answer in "
                            + "time (" + Reasons.of(e) + "); trying again");
                    Thread.sleep(1000);
                }
            }
            follow(partitions, end);
        } catch (WakeupException e) {
            // close() woke us up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "following %s stopped", topic);
        } finally {
            consumer.close();
        }
    }

    /** Hands every record to the handler until closed; counts down once the start's end offsets are reached. */
    private void follow(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    handler.accept(r);
                } catch (RuntimeException e) {
                    // every replica reads the whole topic at every start: dead letters would repeat each time
                    skipped.warn(topic + "-" + r.partition(), String.format("%s offset %d/%d skipped: %s", topic,
                            r.partition(), r.offset(), Reasons.of(e)));
                }
            }
            if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                caughtUp.countDown();
            }
        }
    }

    /** Assigns the partitions and seeks to where reading starts; answers the end offsets at this moment. */
    private Map<TopicPartition, Long> start(List<TopicPartition> partitions) {
        consumer.assign(partitions);
        if (from == null) {
            consumer.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, found.get(p) == null ? ends.get(p) : found.get(p).offset()));
        }
        return consumer.endOffsets(partitions);
    }

    /** Waits for the topic: a consumer's metadata request lets the broker create it where auto-creation is on. */
    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            LOG.warnf("topic %s does not exist yet; waiting for it", topic);
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
