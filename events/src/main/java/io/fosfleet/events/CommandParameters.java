package io.fosfleet.events;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a command's {@code parameters} map for one {@link Command} record: each record names the parameters it reads,
 * and {@link #done()} refuses any other. Every problem is an {@link InvalidFieldException} naming
 * {@code parameters.<name>}; a refused value is quoted short and on one line, a password never.
 */
final class CommandParameters {

    /** More than any command takes, so that a huge map is refused as a whole instead of name by name. */
    static final int MAX = 10;
    /** How much of a refused value an error message repeats. */
    private static final int QUOTED = 40;

    private final Map<String, String> in;
    private final Set<String> known = new TreeSet<>();

    CommandParameters(Map<String, String> in) {
        this.in = in == null ? Map.of() : in;
        if (this.in.size() > MAX) {
            throw new InvalidFieldException("parameters", "has " + this.in.size() + " entries", "at most " + MAX);
        }
    }

    /** The named parameter as given, or null when absent; present without a value is refused. */
    String optional(String name, String allowed) {
        known.add(name);
        if (!in.containsKey(name)) {
            return null;
        }
        String value = in.get(name);
        if (value == null) {
            throw invalid(name, "has no value", allowed);
        }
        return value;
    }

    String required(String name, String allowed) {
        String value = optional(name, allowed);
        if (value == null) {
            throw invalid(name, "is required", allowed);
        }
        return value;
    }

    /** The named parameter as the device key's canonical value, or null when absent. */
    String optional(String name, Key key) {
        String value = optional(name, key.type().allowed());
        return value == null ? null : value(name, key, value);
    }

    String required(String name, Key key) {
        String value = required(name, key.type().allowed());
        return value(name, key, value);
    }

    /** Refuses every parameter the record did not read. */
    void done() {
        in.keySet().stream().filter(k -> !known.contains(k)).sorted().findFirst().ifPresent(k -> {
            throw invalid(name(k), "is not a parameter of this command",
                    known.isEmpty() ? "none" : String.join(", ", known));
        });
    }

    /** The device key's canonical form of a value, refused as {@code parameters.<name>}. */
    static String value(String name, Key key, String value) {
        try {
            return key.normalize(value);
        } catch (InvalidValueException e) {
            throw invalid(name, (key.secret() ? "the value" : quote(String.valueOf(e.value()))) + " is not valid",
                    e.allowed());
        }
    }

    static InvalidFieldException invalid(String name, String problem, String allowed) {
        return new InvalidFieldException("parameters." + name, problem, allowed);
    }

    /** A name as part of a field name: as it is when it could be a real name, else quoted and abbreviated. */
    private static String name(String name) {
        return name.length() <= QUOTED && name.chars().noneMatch(Character::isISOControl) ? name : quote(name);
    }

    /** The value in quotes, abbreviated, with control characters escaped, so that a message stays one safe line. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(value.length(), QUOTED);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append(value.length() > n ? "…'" : "'").toString();
    }
}
