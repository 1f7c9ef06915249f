package io.fosfleet.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** Maps stored as JSON text in the database (settings, command parameters, event details), sorted by key. */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private JsonText() {
    }

    public static String of(Map<String, String> map) {
        return EventJson.toJson(new TreeMap<>(map));
    }

    public static Map<String, String> map(String json) {
        try {
            return json == null ? Map.of() : MAPPER.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON map is unreadable: " + json, e);
        }
    }
}
