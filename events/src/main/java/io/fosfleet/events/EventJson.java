package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place where fosfleet records become JSON and back: ISO-8601 instants and durations, absent optional fields
 * left out, map entries sorted by key, and fields unknown to this schema version ignored so that older readers accept
 * newer writers.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // equal records give equal bytes, and people read maps in order
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a value a newer writer added reads as the enum's UNKNOWN (enums that have one), not as an error
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .addModule(new SimpleModule("fosfleet-enums").addSerializer(Enum.class, new EnumWriter()))
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    /** The name of the value every travelling enum reads unknown values as. */
    public static final String UNKNOWN = "UNKNOWN";

    private EventJson() {
    }

    /**
     * Writes an enum by its name and refuses UNKNOWN: it stands for a value only a newer version knows, so a record
     * holding it was read, not made, and must not be published again as if it were understood.
     */
    @SuppressWarnings("rawtypes")
    private static final class EnumWriter extends StdSerializer<Enum> {
        EnumWriter() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (UNKNOWN.equals(value.name())) {
                throw JsonMappingException.from(gen, value.getDeclaringClass().getSimpleName()
                        + " UNKNOWN is what a reader makes of a value it does not know; it is never written");
            }
            gen.writeString(value.name());
        }
    }

    public static String toJson(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw writeFailure(record, e);
        }
    }

    public static byte[] toBytes(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw writeFailure(record, e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw readFailure(type, e);
        }
    }

    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw readFailure(type, e);
        }
    }

    private static EventFormatException writeFailure(Object record, JsonProcessingException e) {
        return new EventFormatException("cannot write " + record.getClass().getSimpleName() + " as JSON: "
                + e.getOriginalMessage(), e);
    }

    private static EventFormatException readFailure(Class<?> type, IOException e) {
        // A record constructor's own error names the field and the rule; Jackson's wrapper around it adds only noise.
        String why;
        if (e.getCause() instanceof InvalidFieldException invalid) {
            why = invalid.getMessage();
        } else if (e instanceof InvalidFormatException format) {
            // Jackson's own words name Java classes; say which field, what value and what is allowed instead
            Class<?> target = format.getTargetType();
            why = field(format) + ": \"" + format.getValue() + "\" is not allowed" + (target != null && target.isEnum()
                    ? "; allowed: " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")) : "");
        } else if (e instanceof MismatchedInputException mismatched) {
            why = field(mismatched) + ": has the wrong type";
        } else {
            why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        }
        return new EventFormatException("cannot read " + type.getSimpleName() + ": " + why, e);
    }

    /** The JSON path of the offending value, e.g. {@code device.pollInterval}. */
    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "value" : path;
    }
}
