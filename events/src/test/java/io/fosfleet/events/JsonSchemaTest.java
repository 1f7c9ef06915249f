package io.fosfleet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.fosfleet.events.Samples.DEVICE;
import static io.fosfleet.events.Samples.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published JSON Schemas ({@code events/schemas/<topic>.schema.json}) are what the records are: made from the
 * records by {@link SchemaWriter} and compared with the committed files, every sample record valid against its schema,
 * and every string maximum in a schema the one the record enforces.
 *
 * <p>After changing a record: {@code ./mvnw -pl events verify -Dfosfleet.write-schemas=true} rewrites the files.
 */
class JsonSchemaTest {

    static final Path SCHEMAS = Path.of("schemas");

    static List<Envelope> samples() {
        List<Envelope> all = new ArrayList<>(Samples.all());
        all.add(KickSummary.of(DEVICE, "pair-7", NOW, "heartbeat-service", "hb-1", null, false,
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, NOW, null));
        return all;
    }

    static List<Envelope> samples(Topic topic) {
        return samples().stream().filter(s -> s.getClass() == topic.valueType()).toList();
    }

    static Path file(Topic topic) {
        return SCHEMAS.resolve(topic.topicName() + ".schema.json");
    }

    @Test
    void theCommittedSchemaOfEveryRecordTopicIsTheOneTheRecordMakes() throws IOException {
        boolean write = Boolean.getBoolean("fosfleet.write-schemas");
        for (Topic topic : Topic.records()) {
            String made = SchemaWriter.PRETTY.writeValueAsString(SchemaWriter.schema(topic, samples(topic))) + "\n";
            if (write) {
                Files.createDirectories(SCHEMAS);
                Files.writeString(file(topic), made);
            }
            assertThat(Files.exists(file(topic))).as("events/" + file(topic) + " exists").isTrue();
            assertThat(Files.readString(file(topic)))
                    .as("events/" + file(topic) + " is out of date with " + topic.valueType().getSimpleName()
                            + "; rewrite it with ./mvnw -pl events verify -Dfosfleet.write-schemas=true")
                    .isEqualTo(made);
        }
        try (var files = Files.list(SCHEMAS)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no schema for a topic that is gone")
                    .containsExactlyInAnyOrderElementsOf(Topic.records().stream()
                            .map(t -> t.topicName() + ".schema.json").toList());
        }
    }

    @Test
    void everySampleRecordIsValidAgainstItsTopicsSchema() throws IOException {
        for (Topic topic : Topic.records()) {
            JsonSchema schema = schema(topic);
            for (Envelope sample : samples(topic)) {
                Set<ValidationMessage> problems = schema.validate(SchemaWriter.PRETTY.readTree(EventJson.toJson(sample)));
                assertThat(problems).as(topic.topicName() + ": " + EventJson.toJson(sample)).isEmpty();
            }
        }
    }

    @Test
    void theSchemaRefusesWhatTheRecordRefuses() throws IOException {
        JsonSchema schema = schema(Topic.DEVICE_EVENTS);
        ObjectNode event = (ObjectNode) SchemaWriter.PRETTY.readTree(EventJson.toJson(Samples.failover()));
        event.remove("message");
        assertThat(schema.validate(event)).isNotEmpty();
        assertThatThrownBy(() -> EventJson.fromJson(event.toString(), DeviceEvent.class))
                .hasMessageContaining("message: is required");
    }

    /** Each string with a maxLength: the record takes exactly that many characters and refuses one more. */
    @Test
    void everyStringMaximumInASchemaIsTheOneItsRecordEnforces() throws IOException {
        int checked = 0;
        for (Topic topic : Topic.records()) {
            JsonNode schema = SchemaWriter.PRETTY.readTree(Files.readString(file(topic)));
            for (Envelope sample : samples(topic)) {
                JsonNode json = SchemaWriter.PRETTY.readTree(EventJson.toJson(sample));
                List<String[]> strings = new ArrayList<>();
                strings(json, schema, schema, "", strings);
                for (String[] s : strings) {
                    String pointer = s[0];
                    int max = Integer.parseInt(s[1]);
                    String fits = fill(s[2], max);
                    String over = fill(s[2], max + 1);
                    Class<? extends Envelope> type = topic.valueType();
                    EventJson.fromJson(with(json, pointer, fits).toString(), type);
                    assertThatThrownBy(() -> EventJson.fromJson(with(json, pointer, over).toString(), type))
                            .as(topic.topicName() + " " + pointer + " over " + max)
                            .isInstanceOf(EventFormatException.class)
                            .hasMessageContaining("at most " + max + " allowed");
                    checked++;
                }
            }
        }
        assertThat(checked).as("string fields checked").isGreaterThan(30);
    }

    static JsonSchema schema(Topic topic) throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(file(topic), StandardCharsets.UTF_8));
    }

    /** The string values of a record with their schema's maxLength: {pointer, max, value}. */
    private static void strings(JsonNode json, JsonNode schema, JsonNode root, String pointer, List<String[]> into) {
        if (schema.has("$ref")) {
            schema = root.at(schema.get("$ref").asText().substring(1));
        }
        // device ids are checked by DeviceIdTest, and nested ones must equal the record's own
        if (json.isTextual() && schema.has("maxLength") && !schema.has("pattern")) {
            into.add(new String[] {pointer, schema.get("maxLength").asText(), json.asText()});
        } else if (json.isObject() && schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode property = schema.get("properties").get(field.getKey());
                if (property != null) {
                    strings(field.getValue(), property, root, pointer + "/" + field.getKey(), into);
                }
            }
        } else if (json.isArray() && schema.has("items")) {
            for (int i = 0; i < json.size(); i++) {
                strings(json.get(i), schema.get("items"), root, pointer + "/" + i, into);
            }
        }
    }

    private static String fill(String like, int length) {
        String start = like.startsWith("/") ? "/" : "";
        return start + "x".repeat(length - start.length());
    }

    private static JsonNode with(JsonNode json, String pointer, String value) {
        JsonNode copy = json.deepCopy();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        Consumer<JsonNode> set = parent.isArray()
                ? n -> ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), n)
                : n -> ((ObjectNode) parent).set(last, n);
        set.accept(TextNode.valueOf(value));
        return copy;
    }
}
