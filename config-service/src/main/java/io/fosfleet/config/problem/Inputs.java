package io.fosfleet.config.problem;

import io.fosfleet.events.DeviceId;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Input rules shared by the API's requests (REST, gRPC and the console, which posts to the same API): each check
 * records its refusal in a {@link Problems} naming the field and the limit (see {@link Limits}), and quotes at most
 * the first {@value Limits#QUOTED} characters of a refused value, with control characters shown as escapes.
 */
public final class Inputs {

    private static final String NO_CONTROLS = "no control characters (line breaks, tabs, DEL, C1)";
    private static final String HOST_ALLOWED = "an IPv4 address such as 10.0.0.5 or a host name (letters, digits, '-' "
            + "and '.', at most 63 characters)";

    private Inputs() {
    }

    /** An inventory id: the same rules as a device id, so it is safe in URLs, Kafka keys and file names. */
    public static String id(Problems problems, String field, String value) {
        if (problems.required(field, value) == null) {
            return null;
        }
        if (value.length() > Limits.ID) {
            problems.add(field, tooLong(value), "1 to " + Limits.ID + " letters, digits, '.', '_' and '-'");
            return null;
        }
        DeviceId id = problems.check(field, () -> DeviceId.of(value));
        return id == null ? null : id.value();
    }

    /** Required free text such as a name: 1 to {@value Limits#LABEL} characters without control characters. */
    public static String label(Problems problems, String field, String value) {
        return problems.required(field, value) == null ? null : optionalLabel(problems, field, value);
    }

    /** Like {@link #label} but may be absent. */
    public static String optionalLabel(Problems problems, String field, String value) {
        return text(problems, field, value, Limits.LABEL);
    }

    /** A site or a rack, may be absent: 1 to {@value Limits#SITE} characters without control characters. */
    public static String site(Problems problems, String field, String value) {
        return text(problems, field, value, Limits.SITE);
    }

    /** A reason for the audit log: 1 to {@value Limits#REASON} characters on one line; null when absent or blank. */
    public static String reason(Problems problems, String field, String value) {
        return value == null || value.isBlank() ? null : text(problems, field, value, Limits.REASON);
    }

    /** Optional one-line text of 1 to {@code max} characters (after stripping blanks at either end). */
    public static String text(Problems problems, String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        String allowed = "1 to " + max + " characters, " + NO_CONTROLS;
        if (v.length() > max) {
            problems.add(field, tooLong(v), allowed);
            return null;
        }
        if (v.isEmpty() || hasControl(v)) {
            problems.add(field, quote(value) + " is not valid", allowed);
            return null;
        }
        return v;
    }

    /** An IPv4 address (canonical form) or a host name; digits and dots are meant as an address and must be one. */
    public static String host(Problems problems, String field, String value) {
        if (problems.required(field, value) == null) {
            return null;
        }
        if (value.length() > Limits.HOST) {
            problems.add(field, tooLong(value), HOST_ALLOWED);
            return null;
        }
        if (value.matches("[0-9.]+")) {
            Ipv4Address address = problems.check(field, () -> Ipv4Address.parse(value));
            return address == null ? null : address.toString();
        }
        try {
            return ValueType.HOST.normalize(field, value);
        } catch (IllegalArgumentException e) {
            problems.add(field, quote(value) + " is not a host", HOST_ALLOWED);
            return null;
        }
    }

    /** An HTTP request path: '/' then visible ASCII (no spaces, no control characters), {@value Limits#PATH} at most. */
    public static String path(Problems problems, String field, String value) {
        if (value == null) {
            return null;
        }
        String allowed = "'/' followed by visible ASCII characters (no spaces, " + NO_CONTROLS + "), at most "
                + Limits.PATH + " characters";
        if (value.length() > Limits.PATH) {
            problems.add(field, tooLong(value), allowed);
            return null;
        }
        if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            problems.add(field, quote(value) + " is not a request path", allowed);
            return null;
        }
        return value;
    }

    /** A list or map of at most {@code max} entries; answers whether it is within the limit. */
    public static boolean size(Problems problems, String field, Collection<?> entries, int max) {
        if (entries != null && entries.size() > max) {
            problems.add(field, "has " + entries.size() + " entries", "at most " + max);
            return false;
        }
        return true;
    }

    public static boolean size(Problems problems, String field, Map<?, ?> entries, int max) {
        return entries == null || size(problems, field, entries.keySet(), max);
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

    // ---- query parameters: refused at once (400 naming the parameter), there is nothing else to collect ----------

    /** A whole number; values outside {@code min..max} are clamped, text that is no number is refused. */
    public static int queryInt(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return (int) Math.max(min, Math.min(max, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, quote(value) + " is not a whole number",
                    "a whole number from " + min + " to " + max);
        }
    }

    /** An ISO-8601 instant such as {@code 2026-11-27T00:00:00Z}, or null when absent. */
    public static Instant queryInstant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, quote(value) + " is not a point in time",
                    "an ISO-8601 instant in UTC, e.g. 2026-11-27T00:00:00Z");
        }
    }

    /** {@code true} or {@code false} (any case); anything else is refused rather than read as false. */
    public static boolean queryBoolean(String name, String value, boolean fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ProblemException.invalid(name, quote(value) + " is not true or false", "true or false");
    }

    /** One of {@code allowed} (exactly), or null when absent. */
    public static String queryChoice(String name, String value, List<String> allowed) {
        if (value == null || value.isEmpty() || allowed.contains(value)) {
            return value == null || value.isEmpty() ? null : value;
        }
        throw ProblemException.invalid(name, quote(value) + " is not one of the allowed values",
                String.join(", ", allowed));
    }

    /** The names of an enum's constants, for {@link #queryChoice} and the error of an unknown enum value. */
    public static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    /** A free-text filter of at most {@value Limits#QUERY_TEXT} characters without control characters, or null. */
    public static String queryText(String name, String value) {
        return queryText(name, value, Limits.QUERY_TEXT);
    }

    /** Like {@link #queryText(String, String)} with another limit, e.g. {@link Limits#REASON} for {@code ?reason=}. */
    public static String queryText(String name, String value, int max) {
        Problems problems = new Problems();
        String v = value == null || value.isEmpty() ? null : text(problems, name, value, max);
        problems.throwIfAny();
        return v;
    }

    // ---- quoting -----------------------------------------------------------------------------------------------

    /** Whether the text has a character that must not be in a name, host, path or site. */
    public static boolean hasControl(String value) {
        return value.chars().anyMatch(Inputs::isControl);
    }

    private static boolean isControl(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** A map key as part of a field name: as it is when it could be a real key, else quoted and abbreviated. */
    public static String key(String key) {
        return key != null && key.length() <= Limits.QUOTED && !hasControl(key) ? key : quote(String.valueOf(key));
    }

    /** "has N characters", without quoting the value. */
    public static String tooLong(String value) {
        return "has " + value.length() + " characters";
    }

    /** The value in quotes, abbreviated, with control characters escaped so that a message stays one safe line. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(value.length(), Limits.QUOTED);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            out.append(isControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append(value.length() > n ? "…'" : "'").toString();
    }
}
