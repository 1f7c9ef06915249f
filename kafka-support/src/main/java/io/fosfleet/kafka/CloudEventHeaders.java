package io.fosfleet.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.Topic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts the CloudEvents attributes on every record a fosfleet producer sends, in the Kafka protocol binding's binary
 * mode: {@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time},
 * {@code ce_subject} and {@code content-type} headers; the value stays the record's JSON, unchanged.
 *
 * <p>A producer interceptor, so it sees the record before serialisation whatever the value is: a fosfleet record
 * ({@link Envelope}), its JSON as text or bytes (the services' outboxes), a service topic's own JSON, a tombstone. A
 * record that already has {@code ce_id} (a dead letter copied with its headers, a replay) is left as it is. Every
 * producer of every service is built with {@link #addTo(Map)}.
 *
 * <ul>
 *   <li>{@code ce_id}: the record's {@code id}; a fresh UUID for a record without one (service topics, tombstones)
 *   <li>{@code ce_source}: {@code /fosfleet/<service>}: the record's {@code source}, else the topic's producer in the
 *       catalogue, else the producer's client id
 *   <li>{@code ce_type}: {@code io.fosfleet.<topic without "fos.">.<record type>}, e.g.
 *       {@code io.fosfleet.device.events.FAILOVER}; {@code ….tombstone} for a tombstone; the bare topic part for a
 *       service topic's own records
 *   <li>{@code ce_time}: the record's {@code occurredAt}, else the Kafka timestamp, else now
 *   <li>{@code ce_subject}: the device id (the record's {@code deviceId}, else the Kafka key)
 *   <li>{@code content-type}: {@code application/json}, or {@code text/plain} for a value that is not JSON; absent on a
 *       tombstone
 * </ul>
 */
public final class CloudEventHeaders implements ProducerInterceptor<Object, Object> {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    /** The CloudEvents specification version the headers follow. */
    public static final String SPEC = "1.0";
    /** The prefix of every {@code ce_type}. */
    public static final String TYPE_PREFIX = "io.fosfleet.";
    /** The prefix of every {@code ce_source}, followed by the service name. */
    public static final String SOURCE_PREFIX = "/fosfleet/";
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain";
    /** The last part of a tombstone's {@code ce_type}. */
    public static final String TOMBSTONE = "tombstone";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String fallbackSource = SOURCE_PREFIX + "unknown";

    /**
     * Adds this interceptor to a producer's settings (keeping any interceptor already there).
     *
     * @return the same map, for chaining
     */
    public static Map<String, Object> addTo(Map<String, Object> producerConfig) {
        List<Object> interceptors = new ArrayList<>();
        Object present = producerConfig.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
        if (present instanceof List<?> list) {
            interceptors.addAll(list);
        } else if (present instanceof String names && !names.isBlank()) {
            interceptors.addAll(List.of(names.split("\\s*,\\s*")));
        }
        if (!interceptors.contains(CloudEventHeaders.class) && !interceptors.contains(CloudEventHeaders.class.getName())) {
            interceptors.add(CloudEventHeaders.class);
        }
        producerConfig.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, interceptors);
        return producerConfig;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object clientId = configs.get(ProducerConfig.CLIENT_ID_CONFIG);
        if (clientId != null && !clientId.toString().isBlank()) {
            fallbackSource = SOURCE_PREFIX + clientId;
        }
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        add(record.topic(), record.key(), record.value(), record.timestamp(), record.headers(), fallbackSource);
        return record;
    }

    /** Adds the headers unless {@code ce_id} is there already (a dead letter's copied headers, a record sent again). */
    static void add(String topic, Object key, Object value, Long timestamp, Headers headers, String fallbackSource) {
        if (headers.lastHeader(ID) != null) {
            return;
        }
        Optional<Topic> known = known(topic);
        // a service topic's own JSON may have an "id" that repeats (a silence's updates): not an event id
        boolean records = known.map(t -> t.kind() != Topic.Kind.SERVICE).orElse(false);
        Meta meta = records ? Meta.of(value) : Meta.of(value).jsonOnly();
        String topicPart = topicPart(topic);
        String type;
        if (value == null) {
            type = TYPE_PREFIX + topicPart + "." + TOMBSTONE;
        } else if (meta.type != null) {
            type = TYPE_PREFIX + topicPart + "." + meta.type;
        } else {
            type = TYPE_PREFIX + topicPart;
        }
        String source = meta.source != null ? SOURCE_PREFIX + meta.source
                : known.flatMap(Topic::producer).map(p -> SOURCE_PREFIX + p).orElse(fallbackSource);
        String time = meta.time != null ? meta.time
                : Instant.ofEpochMilli(timestamp != null ? timestamp : System.currentTimeMillis()).toString();
        String subject = meta.subject != null ? meta.subject : key instanceof String k ? k : null;

        put(headers, SPEC_VERSION, SPEC);
        put(headers, ID, meta.id != null ? meta.id : UUID.randomUUID().toString());
        put(headers, SOURCE, source);
        put(headers, TYPE, type);
        put(headers, TIME, time);
        if (subject != null) {
            put(headers, SUBJECT, subject);
        }
        if (value != null && headers.lastHeader(CONTENT_TYPE) == null) {
            put(headers, CONTENT_TYPE, meta.json ? JSON : TEXT);
        }
    }

    /** {@code device.events} for {@code fos.device.events}: the topic's part of a {@code ce_type}. */
    static String topicPart(String topic) {
        String part = topic.startsWith("fos.") ? topic.substring(4) : topic;
        return part.toLowerCase(Locale.ROOT);
    }

    private static Optional<Topic> known(String topic) {
        try {
            return Optional.of(Topic.byName(topic));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** What the headers take from the value, as far as it tells. */
    private record Meta(String id, String type, String source, String time, String subject, boolean json) {

        static Meta of(Object value) {
            if (value instanceof Envelope e) {
                return new Meta(e.id().toString(), e.type().name(), e.source(), e.occurredAt().toString(),
                        e.deviceId().value(), true);
            }
            byte[] bytes = value instanceof byte[] b ? b
                    : value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
            if (bytes == null) {
                return new Meta(null, null, null, null, null, value != null);
            }
            JsonNode tree;
            try {
                tree = MAPPER.readTree(bytes);
            } catch (IOException e) {
                return new Meta(null, null, null, null, null, false);
            }
            if (tree == null || !tree.isContainerNode()) {
                return new Meta(null, null, null, null, null, false);
            }
            return new Meta(text(tree, "id"), text(tree, "type"), text(tree, "source"), text(tree, "occurredAt"),
                    text(tree, "deviceId"), true);
        }

        Meta jsonOnly() {
            return new Meta(null, null, null, null, null, json);
        }

        private static String text(JsonNode tree, String field) {
            JsonNode node = tree.get(field);
            return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
        }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }
}
