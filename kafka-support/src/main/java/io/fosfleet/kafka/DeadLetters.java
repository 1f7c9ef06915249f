package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies records a consumer cannot read or process to the dead-letter topic of their source topic
 * ({@code <topic>.dlq}, see {@link Topic#deadLetters()}): key, value and headers unchanged, plus headers saying why
 * and where the record came from. {@link #send} returns once the broker has the copy, so the caller may then commit
 * the source offset: a record is never lost between the two.
 */
public final class DeadLetters implements AutoCloseable {

    /** Header: why, in words (an exception's messages, never a stack trace). */
    public static final String REASON = "fos.dlq.reason";
    /** Header: {@code unreadable} or {@code failed}, see {@link Cause}. */
    public static final String CAUSE = "fos.dlq.cause";
    public static final String SOURCE_TOPIC = "fos.dlq.topic";
    public static final String SOURCE_PARTITION = "fos.dlq.partition";
    public static final String SOURCE_OFFSET = "fos.dlq.offset";
    /** Header: the source record's timestamp, ISO-8601. */
    public static final String SOURCE_TIMESTAMP = "fos.dlq.timestamp";
    public static final String CONSUMER_GROUP = "fos.dlq.group";
    /** Header: how often the handler tried the record (0 when it could not be read). */
    public static final String ATTEMPTS = "fos.dlq.attempts";
    /** Header: when the record was dead-lettered, ISO-8601. */
    public static final String DEAD_LETTERED_AT = "fos.dlq.at";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    /** Why a record went to the dead letters; its tag is the metric's {@code reason}. */
    public enum Cause {
        /** The record could not be read as its topic's record type (broken JSON, a field out of bounds). */
        UNREADABLE("unreadable"),
        /** The handler failed on it every time it was tried. */
        FAILED("failed");

        private final String tag;

        Cause(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Told of every dead-lettered record, e.g. to count {@code fosfleet_records_dead_lettered_total}. */
    @FunctionalInterface
    public interface Listener {
        void deadLettered(String sourceTopic, Cause cause);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String group;
    private final Listener listener;

    /**
     * @param kafka  the service's Kafka client settings (at least {@code bootstrap.servers})
     * @param group  the consumer group that gives up on the records, for the header
     */
    public DeadLetters(Map<String, Object> kafka, String clientId, String group, Listener listener) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letters");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(CloudEventHeaders.addTo(props), new ByteArraySerializer(), new ByteArraySerializer());
        this.group = group;
        this.listener = listener;
    }

    /**
     * Copies the record to its dead-letter topic and waits for the broker's acknowledgement.
     *
     * @throws IllegalStateException when the broker did not take it; the caller must not commit the record then
     */
    public void send(ConsumerRecord<String, ?> record, Cause cause, String reason, int attempts) {
        try {
            sendAsync(record, cause, reason, attempts).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException ise ? ise
                    : new IllegalStateException(Reasons.of(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter " + where(record) + ": no acknowledgement within "
                    + SEND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + where(record), e);
        }
    }

    /**
     * Copies the record to its dead-letter topic without waiting, for a consumer that commits nothing and must not
     * stall (it may still block up to 5 s while Kafka cannot be reached at all).
     *
     * @return completes once the broker has the copy, or with an {@link IllegalStateException} saying why not
     */
    public CompletableFuture<Void> sendAsync(ConsumerRecord<String, ?> record, Cause cause, String reason,
                                            int attempts) {
        Topic target = Topic.byName(record.topic()).deadLetters();
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(target.topicName(), null,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), bytes(record.value()));
        for (Header h : record.headers()) {
            letter.headers().add(h);
        }
        header(letter, REASON, reason);
        header(letter, CAUSE, cause.tag());
        header(letter, SOURCE_TOPIC, record.topic());
        header(letter, SOURCE_PARTITION, Integer.toString(record.partition()));
        header(letter, SOURCE_OFFSET, Long.toString(record.offset()));
        header(letter, SOURCE_TIMESTAMP, Instant.ofEpochMilli(record.timestamp()).toString());
        header(letter, CONSUMER_GROUP, group);
        header(letter, ATTEMPTS, Integer.toString(attempts));
        header(letter, DEAD_LETTERED_AT, Instant.now().toString());
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(letter, (metadata, e) -> {
                if (e == null) {
                    listener.deadLettered(record.topic(), cause);
                    done.complete(null);
                } else {
                    done.completeExceptionally(new IllegalStateException("cannot dead-letter " + where(record)
                            + " to " + target.topicName() + ": " + Reasons.of(e), e));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(new IllegalStateException("cannot dead-letter " + where(record) + " to "
                    + target.topicName() + ": " + Reasons.of(e), e));
        }
        return done;
    }

    /** {@code topic-partition@offset}, as the logs name a record. */
    public static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] bytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
