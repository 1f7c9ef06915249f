package io.fosfleet.config;

import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes the fosfleet topics of the test broker as the other services would. */
public final class Topics {

    private Topics() {
    }

    /** Every record of the topic so far, read from the start of every partition, as (key, value-or-null). */
    public static <T extends Envelope> List<T> all(Topic topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : raw(topic)) {
            if (r.value() != null) {
                out.add(EventJson.fromJson(r.value(), type));
            }
        }
        return out;
    }

    public static List<ConsumerRecord<String, String>> raw(Topic topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "enable.auto.commit", false);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.topicName(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            Instant until = Instant.now().plusSeconds(10);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && Instant.now().isBefore(until)) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public static <T extends Envelope> List<T> matching(Topic topic, Class<T> type, Predicate<T> filter) {
        return all(topic, type).stream().filter(filter).toList();
    }

    public static void publish(Topic topic, Envelope record) {
        publishAt(topic, record);
    }

    /** Publishes the record keyed by its device and answers where it landed. */
    public static RecordMetadata publishAt(Topic topic, Envelope record) {
        try (KafkaProducer<String, Envelope> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()), new StringSerializer(),
                new EventSerializer<>())) {
            return p.send(new ProducerRecord<>(topic.topicName(), record.deviceId().value(), record)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publishRaw(Topic topic, String key, String json) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            p.send(new ProducerRecord<>(topic.topicName(), key, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
