package io.fosfleet.heartbeat.kafka;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Topic;
import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.heartbeat.pair.PairSupervisor;
import io.fosfleet.kafka.ConsumerThreads;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.DeviceRecord;
import io.fosfleet.kafka.RateLimitedLog;
import io.fosfleet.kafka.Reasons;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * This replica's membership in the heartbeat-service consumer group on {@code fos.config}: the group hands it
 * partitions, it reads each new partition from the start to its end (the topic is compacted: that is the partition's
 * whole configuration) before the pairs in it start, then follows changes. Offsets are never committed — every
 * assignment re-reads its partitions. A record that cannot be read (say, an enum value of a newer schema) is counted
 * and copied to {@code fos.config.dlq} without waiting for the broker, and passed: one bad record must not stop a
 * partition, and the dead letters must not stall this loop. As every assignment re-reads the partition, the same bad
 * record may be dead-lettered once per assignment.
 */
public final class ConfigConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigConsumer.class);
    private static final String TOPIC = Topic.CONFIG.topicName();

    /** A partition being read up to the end offset it had when it was assigned. */
    private static final class Load {
        long end = -1;
        final Map<DeviceId, ConfigRecord> latest = new HashMap<>();
    }

    private final PairSupervisor supervisor;
    private final HeartbeatMetrics metrics;
    private final DeadLetters deadLetters;
    private final RateLimitedLog rateLimited = new RateLimitedLog(org.slf4j.LoggerFactory.getLogger(ConfigConsumer.class),
            Duration.ofSeconds(10));
    private final Map<TopicPartition, Load> loading = new ConcurrentHashMap<>();
    private final Thread thread;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean joined;
    private volatile long lastPollOk = System.nanoTime();

    /**
     * @param consumer a consumer of the service's group, its own (closed by this one when it leaves the group), built
     *                 by {@code KafkaClients} with the service's group timing and {@code read_committed}
     */
    public ConfigConsumer(KafkaConsumer<String, byte[]> consumer, PairSupervisor supervisor, HeartbeatMetrics metrics,
                          DeadLetters deadLetters) {
        this.consumer = consumer;
        this.supervisor = supervisor;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, "config-consumer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Ready once the group has answered and every assigned partition is read to its end. */
    public boolean ready() {
        return joined && loading.isEmpty();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            c.subscribe(List.of(TOPIC), new Listener(c));
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warnf("polling %s failed, going on: %s", TOPIC, e.getMessage());
                    continue;
                }
                lastPollOk = System.nanoTime();
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r);
                }
                finishLoads(c);
            }
            // Closing a dynamic member leaves the group at once: its partitions move without waiting for the session.
            LOG.info("leaving the consumer group");
        } catch (RuntimeException e) {
            LOG.error("the fos.config consumer stopped", e);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        DeviceRecord<ConfigRecord> read;
        try {
            read = DeviceRecord.read(r, ConfigRecord.class);
        } catch (RuntimeException e) {
            metrics.configRejected();
            String where = DeadLetters.where(r);
            String partition = r.topic() + "-" + r.partition();
            rateLimited.warn(partition, "dead-lettering unreadable " + where + " (key " + r.key() + "): "
                    + Reasons.of(e));
            deadLetters.sendAsync(r, DeadLetters.Cause.UNREADABLE, Reasons.of(e), 0).whenComplete((ok, failed) -> {
                if (failed != null) {
                    rateLimited.warn(partition, failed.getMessage());
                }
            });
            return;
        }
        Load load = loading.get(new TopicPartition(r.topic(), r.partition()));
        if (load != null) {
            load.latest.put(read.deviceId(), read.value());
        } else {
            supervisor.changed(r.partition(), read.deviceId(), read.value());
        }
    }

    /** Hands each partition that is read to its end to the supervisor. */
    private void finishLoads(KafkaConsumer<String, byte[]> c) {
        for (Map.Entry<TopicPartition, Load> e : loading.entrySet()) {
            TopicPartition tp = e.getKey();
            Load load = e.getValue();
            try {
                if (load.end < 0) {
                    load.end = c.endOffsets(List.of(tp), Duration.ofSeconds(1)).get(tp);
                }
                if (c.position(tp, Duration.ofMillis(100)) >= load.end) {
                    loading.remove(tp);
                    LOG.infof("partition %d read: %d devices", tp.partition(), load.latest.size());
                    supervisor.loaded(tp.partition(), load.latest);
                }
            } catch (KafkaException ex) {
                // Kafka is away or slow; the next poll tries again.
                LOG.debugf("partition %s not read to its end yet: %s", tp, ex.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ConsumerThreads.stop(consumer, thread, Duration.ofSeconds(10));
    }

    /** When Kafka last answered a poll; for the readiness check's data. */
    public long lastPollNanos() {
        return lastPollOk;
    }

    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Listener(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joined = true;
            if (!partitions.isEmpty()) {
                LOG.infof("assigned %s", partitions);
                c.seekToBeginning(partitions);
                partitions.forEach(tp -> loading.put(tp, new Load()));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("revoked %s", partitions);
                release(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warnf("lost %s", partitions);
            release(partitions);
        }

        private void release(Collection<TopicPartition> partitions) {
            partitions.forEach(loading::remove);
            supervisor.released(partitions.stream().map(TopicPartition::partition).toList());
        }
    }
}
