package io.fosfleet.kafka;

import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventFormatException;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One at-least-once consumer on its own thread: reads fosfleet records of the given topics, hands each to a handler
 * and commits only what the handler finished.
 *
 * <ul>
 *   <li>A record that cannot be read as its topic's record type goes to the dead letters at once.</li>
 *   <li>A record the handler fails on is tried again with backoff ({@link RetryPolicy}); after the last try it goes
 *       to the dead letters and its partition moves on.</li>
 *   <li>A failure the caller calls transient (the database is away) is tried again without end, with backoff: no
 *       record is dead-lettered because of an outage.</li>
 *   <li>While a record waits for its next try only its own partition is paused; the others go on.</li>
 *   <li>Warnings are rate-limited per partition.</li>
 * </ul>
 *
 * Without dead letters (a loop that reads for a view and commits nothing) a record is dropped instead, with a
 * warning.
 */
public final class RecordLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);

    /** Does the work for one record. {@code value} is null for a tombstone (a deleted key of a compacted topic). */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecord<String, byte[]> record, Envelope value) throws Exception;
    }

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Handler handler;
    private final RetryPolicy retry;
    private final Predicate<Throwable> transientFailure;
    private final DeadLetters deadLetters;
    private final boolean commit;
    private final RateLimitedLog log;
    private final Thread thread;
    /** Partitions waiting for the next try of a record, with when to go on (System.nanoTime). */
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
    /** Per partition the record being retried and how often it failed. */
    private final Map<TopicPartition, long[]> failures = new HashMap<>();
    private volatile boolean running = true;

    private RecordLoop(Builder b) {
        this.name = b.name;
        this.consumer = b.consumer;
        this.topics = b.topics.stream().map(Topic::topicName).toList();
        this.handler = b.handler;
        this.retry = b.retry;
        this.transientFailure = b.transientFailure;
        this.deadLetters = b.deadLetters;
        this.commit = b.commit;
        this.log = new RateLimitedLog(LOG, b.logInterval);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * @param consumer a consumer of its own, with auto-commit off; the loop closes it
     */
    public static Builder builder(String name, KafkaConsumer<String, byte[]> consumer, Collection<Topic> topics,
                                  Handler handler) {
        return new Builder(name, consumer, topics, handler);
    }

    public static final class Builder {
        private final String name;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Collection<Topic> topics;
        private final Handler handler;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Predicate<Throwable> transientFailure = t -> false;
        private DeadLetters deadLetters;
        private boolean commit = true;
        private Duration logInterval = Duration.ofSeconds(10);

        private Builder(String name, KafkaConsumer<String, byte[]> consumer, Collection<Topic> topics,
                        Handler handler) {
            this.name = Objects.requireNonNull(name);
            this.consumer = Objects.requireNonNull(consumer);
            this.topics = List.copyOf(topics);
            this.handler = Objects.requireNonNull(handler);
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** Failures that say nothing about the record (a database or broker away): retried without end. */
        public Builder transientFailure(Predicate<Throwable> transientFailure) {
            this.transientFailure = Objects.requireNonNull(transientFailure);
            return this;
        }

        public Builder deadLetters(DeadLetters deadLetters) {
            this.deadLetters = Objects.requireNonNull(deadLetters);
            return this;
        }

        /** False for a throw-away group that only ever reads from the end (a live view). */
        public Builder commit(boolean commit) {
            this.commit = commit;
            return this;
        }

        /** At most one warning per partition per this interval. */
        public Builder logInterval(Duration logInterval) {
            this.logInterval = Objects.requireNonNull(logInterval);
            return this;
        }

        public RecordLoop start() {
            if (commit && deadLetters == null) {
                throw new IllegalStateException(name + ": a committing loop needs dead letters, or it would lose"
                        + " the records it gives up on");
            }
            RecordLoop loop = new RecordLoop(this);
            loop.thread.start();
            return loop;
        }
    }

    private void run() {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(pausedUntil::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // a partition starts unpaused, from its committed offset
                }
            });
            while (running) {
                resumeDue();
                ConsumerRecords<String, byte[]> batch = consumer.poll(pollTimeout());
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition tp : batch.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
                        if (!process(tp, r)) {
                            break;  // seeked back and paused: read again from this record
                        }
                        done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                }
                commit(done);
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.error("{} stopped: {}", name, Reasons.of(e), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Answers false when the record must be read again later. */
    private boolean process(TopicPartition tp, ConsumerRecord<String, byte[]> r) {
        Envelope value;
        try {
            value = r.value() == null ? null : EventJson.fromBytes(r.value(), Topic.byName(r.topic()).valueType());
        } catch (EventFormatException | IllegalArgumentException e) {
            return giveUp(tp, r, DeadLetters.Cause.UNREADABLE, e.getMessage(), 0);
        }
        try {
            handler.handle(r, value);
            failures.remove(tp);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        } catch (Exception e) {
            long[] f = failures.get(tp);
            if (f == null || f[0] != r.offset()) {
                f = new long[] {r.offset(), 0};
                failures.put(tp, f);
            }
            int failed = (int) ++f[1];
            String reason = Reasons.of(e);
            boolean outage = transientFailure.test(e);
            if (!outage && failed >= retry.attempts()) {
                return giveUp(tp, r, DeadLetters.Cause.FAILED, reason, failed);
            }
            Duration wait = retry.backoff(failed);
            log.warn(tp.toString(), String.format("%s: %s not processed (try %d%s): %s; trying again in %d ms", name,
                    DeadLetters.where(r), failed, outage ? ", transient" : " of " + retry.attempts(), reason,
                    wait.toMillis()));
            tryAgainLater(tp, r.offset(), wait);
            return false;
        }
    }

    private boolean giveUp(TopicPartition tp, ConsumerRecord<String, byte[]> r, DeadLetters.Cause cause,
                           String reason, int attempts) {
        if (deadLetters == null) {
            failures.remove(tp);
            log.warn(tp.toString(), String.format("%s: %s dropped (%s): %s", name, DeadLetters.where(r), cause.tag(),
                    reason));
            return true;
        }
        try {
            deadLetters.send(r, cause, reason, attempts);
        } catch (RuntimeException e) {
            log.warn(tp.toString(), String.format("%s: %s: %s; trying again in %d ms", name, DeadLetters.where(r),
                    Reasons.of(e), retry.maxBackoff().toMillis()));
            tryAgainLater(tp, r.offset(), retry.maxBackoff());
            return false;
        }
        failures.remove(tp);
        log.warn(tp.toString(), String.format("%s: %s dead-lettered to %s (%s): %s", name, DeadLetters.where(r),
                Topic.byName(r.topic()).deadLetters().topicName(), cause.tag(), reason));
        return true;
    }

    private void tryAgainLater(TopicPartition tp, long offset, Duration wait) {
        consumer.seek(tp, offset);
        consumer.pause(Set.of(tp));
        pausedUntil.put(tp, System.nanoTime() + wait.toNanos());
    }

    private void resumeDue() {
        long now = System.nanoTime();
        var due = pausedUntil.entrySet().stream().filter(e -> now - e.getValue() >= 0).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(pausedUntil::remove);
            consumer.resume(due.stream().filter(consumer.assignment()::contains).toList());
        }
    }

    private Duration pollTimeout() {
        long now = System.nanoTime();
        return pausedUntil.values().stream().map(until -> Duration.ofNanos(Math.max(until - now, 1_000_000)))
                .filter(d -> d.compareTo(MAX_POLL) < 0).min(Duration::compareTo).orElse(MAX_POLL);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (!commit || done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // a rebalance or the broker away: these records are read and handled again, at least once
            log.warn("commit", name + ": commit failed, the records are read again: " + Reasons.of(e));
        }
    }

    /** Stops the loop and waits (up to 10 s) until the consumer has left its group. */
    @Override
    public void close() {
        running = false;
        ConsumerThreads.stop(consumer, thread, Duration.ofSeconds(10));
    }
}
