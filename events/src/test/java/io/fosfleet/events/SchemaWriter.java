package io.fosfleet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Makes the JSON Schema (draft 2020-12) of a record type from the record itself: its components by reflection, the
 * string maxima from {@link Limits}, and which fields are required by asking the record — a field is required when
 * every sample has it and no sample can be read back without it. {@code JsonSchemaTest} checks the committed schemas
 * in {@code events/schemas/} against what this makes, so record and schema cannot drift apart.
 */
final class SchemaWriter {

    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** The maximum of each string field, by field name; a new string field must be added here (and to the README). */
    private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(
            Map.entry("source", Limits.NAME), Map.entry("requestedBy", Limits.NAME),
            Map.entry("receiver", Limits.NAME), Map.entry("name", Limits.NAME),
            Map.entry("credentialName", Limits.NAME), Map.entry("site", Limits.NAME), Map.entry("rack", Limits.NAME),
            Map.entry("replica", Limits.NAME), Map.entry("pairId", Limits.ID), Map.entry("mac", Limits.MAC),
            Map.entry("host", Limits.HOST), Map.entry("reason", Limits.REASON), Map.entry("message", Limits.LINE),
            Map.entry("subject", Limits.LINE), Map.entry("path", Limits.PATH), Map.entry("text", Limits.TEXT));

    private final Map<String, ObjectNode> defs = new LinkedHashMap<>();
    /** Every instance of every record type met in the samples, nested ones included, as JSON. */
    private final Map<Class<?>, List<ObjectNode>> instances;

    private SchemaWriter(Map<Class<?>, List<ObjectNode>> instances) {
        this.instances = instances;
    }

    /** The schema of a topic's record type. */
    static ObjectNode schema(Topic topic, List<? extends Envelope> samples) {
        Map<Class<?>, List<ObjectNode>> instances = new LinkedHashMap<>();
        for (Envelope sample : samples) {
            collect(sample, (ObjectNode) readTree(sample), instances);
        }
        SchemaWriter writer = new SchemaWriter(instances);
        Class<?> type = topic.valueType();
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "urn:fosfleet:schema:" + type.getSimpleName() + ":" + Envelope.CURRENT_SCHEMA_VERSION);
        root.put("title", type.getSimpleName());
        root.put("description", "The value of a record on " + topic.topicName() + ", schema version "
                + Envelope.CURRENT_SCHEMA_VERSION + " (field schemaVersion). Readers ignore fields they do not know"
                + (orders(topic) ? "; an order with an enum value the reader does not know is refused"
                : " and read an enum value they do not know as UNKNOWN") + " (events/README.md, evolution rules).");
        root.setAll(writer.object(type));
        if (!writer.defs.isEmpty()) {
            root.set("$defs", PLAIN.valueToTree(writer.defs));
        }
        return root;
    }

    /** Desired configuration and commands: a reader acts on them, so it refuses what it does not understand. */
    static boolean orders(Topic topic) {
        return topic == Topic.CONFIG || topic == Topic.DEVICE_COMMANDS;
    }

    private static JsonNode readTree(Object record) {
        try {
            return PLAIN.readTree(EventJson.toJson(record));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Object record, ObjectNode json, Map<Class<?>, List<ObjectNode>> into) {
        into.computeIfAbsent(record.getClass(), c -> new ArrayList<>()).add(json);
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = get(c, record);
            if (value != null && value.getClass().isRecord() && !(value instanceof DeviceId)) {
                collect(value, (ObjectNode) json.get(c.getName()), into);
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i).getClass().isRecord()) {
                        collect(list.get(i), (ObjectNode) json.get(c.getName()).get(i), into);
                    }
                }
            }
        }
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode object(Class<?> type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent c : type.getRecordComponents()) {
            properties.set(c.getName(), property(c.getName(), c.getGenericType()));
            if (required(type, c.getName())) {
                required.add(c.getName());
            }
        }
        schema.set("required", required);
        // a newer minor version may add fields
        schema.put("additionalProperties", true);
        return schema;
    }

    /** Required when every sample has the field and none can be read without it. */
    private boolean required(Class<?> type, String field) {
        List<ObjectNode> samples = instances.getOrDefault(type, List.of());
        if (samples.isEmpty()) {
            throw new IllegalStateException("no sample of " + type.getSimpleName() + "; add one to Samples.all()");
        }
        for (ObjectNode sample : samples) {
            if (!sample.has(field)) {
                return false;
            }
            ObjectNode without = sample.deepCopy();
            without.remove(field);
            try {
                EventJson.fromJson(without.toString(), type);
                return false;
            } catch (EventFormatException e) {
                // needs it
            }
        }
        return true;
    }

    private JsonNode property(String name, Type type) {
        ObjectNode schema = NODES.objectNode();
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            schema.put("type", "object");
            schema.put("maxProperties", Limits.ENTRIES);
            schema.putObject("propertyNames").put("maxLength", Limits.KEY);
            schema.putObject("additionalProperties").put("type", "string").put("maxLength", Limits.VALUE);
            return schema;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            schema.put("type", "array");
            schema.put("maxItems", Limits.ENTRIES);
            schema.set("items", property(name, p.getActualTypeArguments()[0]));
            return schema;
        }
        Class<?> c = (Class<?>) type;
        Map<Class<?>, Function<ObjectNode, ObjectNode>> simple = Map.of(
                UUID.class, s -> s.put("type", "string").put("format", "uuid"),
                Instant.class, s -> s.put("type", "string").put("format", "date-time"),
                Duration.class, s -> s.put("type", "string").put("format", "duration"),
                DeviceId.class, s -> s.put("type", "string").put("minLength", 1).put("maxLength", Limits.ID)
                        .put("pattern", "^[A-Za-z0-9._-]+$"),
                boolean.class, s -> s.put("type", "boolean"),
                int.class, s -> s.put("type", "integer"),
                Integer.class, s -> s.put("type", "integer"));
        if (simple.containsKey(c)) {
            return simple.get(c).apply(schema);
        }
        if (c == String.class) {
            Integer max = MAX_LENGTH.get(name);
            if (max == null) {
                throw new IllegalStateException("string field " + name + " has no documented maximum in SchemaWriter");
            }
            return schema.put("type", "string").put("maxLength", max);
        }
        if (c.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name())
                    .filter(v -> !v.equals(EventJson.UNKNOWN)).forEach(values::add);
            return schema;
        }
        if (c.isRecord()) {
            if (!defs.containsKey(c.getSimpleName())) {
                defs.put(c.getSimpleName(), NODES.objectNode());   // placeholder against recursion
                defs.put(c.getSimpleName(), object(c));
            }
            return schema.put("$ref", "#/$defs/" + c.getSimpleName());
        }
        throw new IllegalStateException("no schema for " + c.getName() + " (field " + name + ")");
    }
}
