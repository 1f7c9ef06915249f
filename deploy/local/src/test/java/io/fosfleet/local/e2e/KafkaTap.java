package io.fosfleet.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything published to one topic from the moment the tap was opened: a plain consumer (no group, every
 * partition, committed records only) reading in a thread of its own, so a test can look at what the services
 * published, in order. It rides out a broker restart like any client. Close it when done.
 *
 * <pre>{@code
 * try (KafkaTap events = system.tap("fos.device.events")) {
 *     ... make something happen ...
 *     JsonNode failover = events.await(e -> e.path("type").asText().equals("FAILOVER")
 *             && e.path("deviceId").asText().equals("e2e-manual-fos"), Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class KafkaTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record: its key, its value as JSON (a JSON string node when it is not JSON), its timestamp and its headers
     * (the last value of each, as UTF-8 text).
     */
    public record Record(String key, JsonNode value, long timestamp, Map<String, String> headers) {
    }

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    /** @param kafkaSettings the connection: bootstrap servers and, on a secured broker, a user allowed to read */
    KafkaTap(Map<String, Object> kafkaSettings, String topic) {
        this.topic = topic;
        Map<String, Object> settings = new java.util.HashMap<>(kafkaSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "e2e-tap-" + topic);
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30))); // fix "now" before returning
        reader = new Thread(this::read, "e2e-tap-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    r.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null
                            : new String(h.value(), StandardCharsets.UTF_8)));
                    records.add(new Record(r.key(), parse(r.value()), r.timestamp(), headers));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static JsonNode parse(String value) {
        if (value == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(value);
        }
    }

    public String topic() {
        return topic;
    }

    /** Every record read so far, in the order read (per partition: the order published). */
    public List<Record> records() {
        return List.copyOf(records);
    }

    /** The values read so far that match. */
    public List<JsonNode> values(Predicate<JsonNode> matching) {
        return records.stream().map(Record::value).filter(matching).toList();
    }

    /** The first record read so far whose value matches. */
    public Record first(Predicate<JsonNode> matching) {
        return records.stream().filter(r -> matching.test(r.value())).findFirst()
                .orElseThrow(() -> new AssertionError("nothing matching on " + topic));
    }

    /** Waits for the first value that matches; fails with what was read when none came within {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Record r : records) {
                if (matching.test(r.value())) {
                    return r.value();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing matching on " + topic + " within " + timeout + "; read: "
                        + records.stream().map(r -> r.value().toString()).toList());
            }
            Thread.sleep(100);
        }
    }

    /** A predicate for events: {@code type} is {@code type} and {@code deviceId} is {@code deviceId}. */
    public static Predicate<JsonNode> event(String type, String deviceId) {
        return e -> type.equals(e.path("type").asText()) && deviceId.equals(e.path("deviceId").asText());
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
