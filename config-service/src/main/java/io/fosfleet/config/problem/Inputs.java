package io.fosfleet.config.problem;

import io.fosfleet.events.DeviceId;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import java.time.Duration;

/** Input rules shared by the inventory's requests, each recording its refusal in a {@link Problems}. */
public final class Inputs {

    private static final int MAX_LABEL = 100;

    private Inputs() {
    }

    /** An inventory id: the same rules as a device id, so it is safe in URLs, Kafka keys and file names. */
    public static String id(Problems problems, String field, String value) {
        if (problems.required(field, value) == null) {
            return null;
        }
        DeviceId id = problems.check(field, () -> DeviceId.of(value));
        return id == null ? null : id.value();
    }

    /** Required free text such as a name, at most 100 characters, no line breaks. */
    public static String label(Problems problems, String field, String value) {
        return problems.required(field, value) == null ? null : optionalLabel(problems, field, value);
    }

    /** Like {@link #label} but may be absent. */
    public static String optionalLabel(Problems problems, String field, String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_LABEL || v.chars().anyMatch(Character::isISOControl)) {
            problems.add(field, "'" + value + "' is not a label", "1 to " + MAX_LABEL
                    + " characters without line breaks");
            return null;
        }
        return v;
    }

    /** An IPv4 address (canonical form) or a host name; digits and dots are meant as an address and must be one. */
    public static String host(Problems problems, String field, String value) {
        if (problems.required(field, value) == null) {
            return null;
        }
        String allowed = "an IPv4 address such as 10.0.0.5 or a host name (letters, digits, '-' and '.')";
        if (value.matches("[0-9.]+")) {
            Ipv4Address address = problems.check(field, () -> Ipv4Address.parse(value));
            return address == null ? null : address.toString();
        }
        try {
            return ValueType.HOST.normalize(field, value);
        } catch (IllegalArgumentException e) {
            problems.add(field, "'" + value + "' is not a host", allowed);
            return null;
        }
    }

    /** A TCP or UDP port with the key table's rule; {@code fallback} when absent. */
    public static int port(Problems problems, String field, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(Key.PORT.normalize(value.toString()));
        } catch (IllegalArgumentException e) {
            problems.add(field, value + " is not a port", ValueType.PORT.allowed());
            return fallback;
        }
    }

    /** A duration of at least {@code min}; {@code fallback} when absent. */
    public static Duration duration(Problems problems, String field, Duration value, Duration min, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.compareTo(min) < 0) {
            problems.add(field, value + " is too short", "at least " + min + " (ISO-8601, e.g. PT5S)");
            return fallback;
        }
        return value;
    }
}
