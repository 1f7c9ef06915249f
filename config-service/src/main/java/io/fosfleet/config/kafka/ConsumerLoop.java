package io.fosfleet.config.kafka;

import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventFormatException;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer on its own thread: reads fosfleet records, hands each to a handler and commits only what the handler
 * finished (at least once). A record this version cannot read (a newer schema, a broken writer) is logged, counted in
 * {@code fosfleet.records.skipped} and skipped, never allowed to block its partition; a handler failure (the database
 * is away) retries the same record after a pause.
 */
public final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<Envelope> handler;
    private final MeterRegistry registry;
    private final boolean commit;
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code commit}: false for a throw-away group that only ever reads from the end (the live stream). */
    public ConsumerLoop(String name, KafkaConsumer<String, String> consumer, List<Topic> topics,
                        Consumer<Envelope> handler, MeterRegistry registry, boolean commit) {
        this.consumer = consumer;
        this.handler = handler;
        this.registry = registry;
        this.commit = commit;
        consumer.subscribe(topics.stream().map(Topic::topicName).toList());
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                Set<TopicPartition> failed = new HashSet<>();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (failed.contains(tp)) {
                        continue;  // this partition failed earlier in the batch; it is read again from there
                    }
                    if (handle(r)) {
                        done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    } else {
                        consumer.seek(tp, r.offset());
                        failed.add(tp);
                    }
                }
                if (commit && !done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped", thread.getName());
        } finally {
            consumer.close();
        }
    }

    /** Answers false when the record must be read again. */
    private boolean handle(ConsumerRecord<String, String> r) {
        Envelope record;
        try {
            record = r.value() == null ? null : EventJson.fromJson(r.value(), Topic.byName(r.topic()).valueType());
        } catch (EventFormatException | IllegalArgumentException e) {
            LOG.warnf("%s: skipped unreadable record %s-%d@%d: %s", thread.getName(), r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            registry.counter("fosfleet.records.skipped", "topic", r.topic()).increment();
            return true;
        }
        if (record == null) {
            return true;  // a tombstone: nothing happened
        }
        try {
            handler.accept(record);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("%s: %s-%d@%d not processed (%s); retrying", thread.getName(), r.topic(), r.partition(),
                    r.offset(), e.toString());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                running = false;
            }
            return false;
        }
    }

    /** Stops the loop and waits (up to 5 s) until the consumer has left its group. */
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
