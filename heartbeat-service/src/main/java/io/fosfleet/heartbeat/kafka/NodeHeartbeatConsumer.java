package io.fosfleet.heartbeat.kafka;

import io.fosfleet.heartbeat.auth.NodeAuthenticator;
import io.fosfleet.heartbeat.probe.PassiveHeartbeats;
import io.fosfleet.kafka.ConsumerThreads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Reads every partition of the node-heartbeats topic (no group: every replica needs every node's heartbeats, since
 * the owner of a pair may change at any time), starting a little in the past so that a replica that just started
 * knows the recent ones. Key = node name, time = the record's timestamp, header {@value #AUTHORIZATION_HEADER} = the
 * node's bearer token: a record without a valid token of its node is counted and not believed; no record stops the
 * reader.
 */
public final class NodeHeartbeatConsumer implements AutoCloseable {

    /** The record header carrying {@code Bearer <token>}, as HTTP's Authorization header. */
    public static final String AUTHORIZATION_HEADER = "authorization";
    private static final Logger LOG = Logger.getLogger(NodeHeartbeatConsumer.class);
    /** How far back a starting replica reads; longer than any sensible passive deadline. */
    private static final Duration LOOKBACK = Duration.ofMinutes(2);

    private final String topic;
    private final PassiveHeartbeats heartbeats;
    private final NodeAuthenticator authenticator;
    private final Clock clock;
    private final Thread thread;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    /**
     * @param consumer a consumer outside any group ({@code KafkaClients.reader}), its own: closed by this one
     */
    public NodeHeartbeatConsumer(KafkaConsumer<String, byte[]> consumer, String topic, PassiveHeartbeats heartbeats,
            NodeAuthenticator authenticator, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.heartbeats = heartbeats;
        this.authenticator = authenticator;
        this.clock = clock;
        this.thread = new Thread(this::run, "node-heartbeats-consumer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            boolean assigned = false;
            while (running) {
                try {
                    if (!assigned) {
                        assigned = assign(c);
                        if (!assigned) {
                            Thread.sleep(1000);
                            continue;
                        }
                    }
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        accept(r);
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RecordDeserializationException e) {
                    // a record the client cannot read at all: skip it, the partition goes on
                    LOG.debugf("skipping an unreadable record of %s at offset %d", e.topicPartition(), e.offset());
                    c.seek(e.topicPartition(), e.offset() + 1);
                } catch (KafkaException e) {
                    LOG.debugf("reading %s: %s", topic, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("the node-heartbeats consumer stopped", e);
        }
    }

    /** Believes a record only with its node's token; refusals are counted and logged by the authenticator. */
    private void accept(ConsumerRecord<String, byte[]> r) {
        Header header = r.headers().lastHeader(AUTHORIZATION_HEADER);
        String authorization = header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
        if (authenticator.check(r.key(), authorization, NodeAuthenticator.Via.KAFKA).isEmpty()) {
            Instant now = clock.instant();
            Instant at = Instant.ofEpochMilli(r.timestamp());
            // A node whose clock runs ahead must not count as alive into the future.
            heartbeats.record(r.key(), at.isAfter(now) ? now : at);
        }
    }

    private boolean assign(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(2));
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = clock.millis() - LOOKBACK.toMillis();
        partitions.forEach(tp -> since.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(since, Duration.ofSeconds(5));
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = offsets.get(tp);
            if (o != null) {
                c.seek(tp, o.offset());
            } else {
                c.seekToEnd(List.of(tp));
            }
        }
        LOG.infof("reading node heartbeats from %d partitions of %s", partitions.size(), topic);
        return true;
    }

    @Override
    public void close() {
        running = false;
        ConsumerThreads.stop(consumer, thread, Duration.ofSeconds(5));
    }
}
