package io.fosfleet.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The checks every record's constructor shares, so that all records answer bad input with the same kind of error. */
final class Fields {

    private Fields() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    static String text(String value, String field, int max) {
        if (required(value, field).isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        return length(value, field, max);
    }

    /** Absent is fine; present but blank is a mistake. */
    static String optionalText(String value, String field, int max) {
        return value == null ? null : text(value, field, max);
    }

    /** The one length check of every string a record carries; null passes (required() says whether it may be). */
    static String length(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidFieldException(field, "has " + value.length() + " characters, at most " + max
                    + " allowed");
        }
        return value;
    }

    static int port(int value, String field) {
        if (value < 1 || value > 65535) {
            throw new InvalidFieldException(field, "is " + value + ", allowed 1..65535");
        }
        return value;
    }

    static Duration positive(Duration value, String field) {
        if (required(value, field).isNegative() || value.isZero()) {
            throw new InvalidFieldException(field, "is " + value + ", must be positive");
        }
        return value;
    }

    static int atLeastOne(int value, String field) {
        if (value < 1) {
            throw new InvalidFieldException(field, "is " + value + ", must be at least 1");
        }
        return value;
    }

    /** Absent maps read from JSON become empty ones, so consumers never null-check. */
    static Map<String, String> map(Map<String, String> value, String field) {
        if (value == null) {
            return Map.of();
        }
        entries(value.size(), field);
        value.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new InvalidFieldException(field, "contains a null key or value");
            }
            length(k, field + " key", Limits.KEY);
            length(v, field + "." + k, Limits.VALUE);
        });
        return Map.copyOf(value);
    }

    static <T> List<T> list(List<T> value, String field) {
        if (value == null) {
            return List.of();
        }
        entries(value.size(), field);
        // not contains(null): immutable lists answer it with a NullPointerException
        if (value.stream().anyMatch(Objects::isNull)) {
            throw new InvalidFieldException(field, "contains null");
        }
        return List.copyOf(value);
    }

    private static void entries(int size, String field) {
        if (size > Limits.ENTRIES) {
            throw new InvalidFieldException(field, "has " + size + " entries, at most " + Limits.ENTRIES + " allowed");
        }
    }

    static void envelope(UUID id, Enum<?> type, DeviceId deviceId, Instant occurredAt, String source, int schemaVersion) {
        required(id, "id");
        required(type, "type");
        required(deviceId, "deviceId");
        required(occurredAt, "occurredAt");
        text(source, "source", Limits.NAME);
        if (schemaVersion < 1) {
            throw new InvalidFieldException("schemaVersion", "is " + schemaVersion + ", must be at least 1");
        }
    }
}
