package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The fleet-wide identity of a berofos device: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, safe in Kafka keys,
 * URLs and file names. Written in JSON as a plain string.
 */
public record DeviceId(String value) {

    private static final int MAX_LENGTH = 64;
    private static final String ALLOWED = "letters A-Z a-z, digits 0-9, '.', '_' and '-'";

    public DeviceId {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException("deviceId", "is empty; use 1 to " + MAX_LENGTH + " of " + ALLOWED);
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidFieldException("deviceId",
                    "\"" + value + "\" has " + value.length() + " characters, at most " + MAX_LENGTH + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!allowed(c)) {
                throw new InvalidFieldException("deviceId", "\"" + value + "\" contains '" + c + "' at position " + (i + 1)
                        + "; allowed are " + ALLOWED);
            }
        }
    }

    @JsonCreator
    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
