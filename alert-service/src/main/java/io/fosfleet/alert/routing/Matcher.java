package io.fosfleet.alert.routing;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.fosfleet.events.InvalidFieldException;

import java.util.Map;
import java.util.Objects;

/**
 * One Alertmanager matcher on a label: {@code name="value"}, {@code name!="value"}, {@code name=~"regex"} or
 * {@code name!~"regex"}; a regex must match the whole value. Used by routes and by silences.
 *
 * <p>Regexes come from users, so they run on RE2/J: matching takes time linear in the label's length whatever the
 * pattern, and one silence can never stall the event pipeline (java.util.regex backtracks exponentially on patterns
 * such as {@code ((([\w-]+)+)+)+#}). RE2 syntax has no backreferences and no lookaround.
 *
 * <p>A class rather than a record: it carries its compiled pattern, which is derived from the value and is not part
 * of what a matcher is (equality and JSON are the four fields).
 */
@JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Matcher {

    /** Longest label name; label names are short identifiers such as {@code alertname}. */
    public static final int MAX_NAME = 64;
    /** Longest value or pattern: bounds the work of one match and the size of a stored silence. */
    public static final int MAX_VALUE = 256;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(.)");

    private final String name;
    private final String value;
    private final boolean isRegex;
    private final boolean isEqual;
    /** The compiled value of a regex matcher, null for an equality matcher. */
    private final Pattern regex;

    @JsonCreator
    public Matcher(@JsonProperty("name") String name, @JsonProperty("value") String value,
                   @JsonProperty("isRegex") boolean isRegex, @JsonProperty("isEqual") Boolean isEqual) {
        this(name, value, isRegex, isEqual == null || isEqual);
    }

    /**
     * @throws InvalidFieldException naming {@code name} or {@code value} and the rule it breaks
     */
    public Matcher(String name, String value, boolean isRegex, boolean isEqual) {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException("name", "required, a label name such as pair, site or alertname");
        }
        if (name.length() > MAX_NAME || !NAME.matches(name)) {
            throw new InvalidFieldException("name", "'" + shorten(name) + "' is not a label name: [a-zA-Z_][a-zA-Z0-9_]*,"
                    + " at most " + MAX_NAME + " characters");
        }
        if (value == null) {
            throw new InvalidFieldException("value", "required (\"\" matches a missing label)");
        }
        if (value.length() > MAX_VALUE) {
            throw new InvalidFieldException("value", value.length() + " characters; at most " + MAX_VALUE + " allowed");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("value", "control characters (line breaks, tabs, ...) are not allowed");
        }
        this.name = name;
        this.value = value;
        this.isRegex = isRegex;
        this.isEqual = isEqual;
        this.regex = isRegex ? compile(value) : null;
    }

    private static Pattern compile(String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException("value", "'" + value + "' is not an RE2 regular expression ("
                    + e.getDescription() + (e.getPattern().isEmpty() ? "" : ": " + e.getPattern())
                    + "); RE2 has no backreferences such as \\1 and no lookaround such as (?=, (?!, (?<=, (?<!");
        }
    }

    /** Parses {@code name="value"} and its three siblings; the caller names the text in its error. */
    public static Matcher parse(String text) {
        var m = text.length() > MAX_NAME + 2 * MAX_VALUE + 8 ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not of the form name=\"value\", name!=\"value\", name=~\"regex\" or"
                    + " name!~\"regex\" (at most " + MAX_VALUE + " characters of value)");
        }
        String op = m.group(2);
        String value = ESCAPE.matcher(m.group(3)).replaceAll("$1");
        return new Matcher(m.group(1), value, op.endsWith("~"), !op.startsWith("!"));
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        boolean hit = isRegex ? regex.matches(actual) : actual.equals(value);
        return hit == isEqual;
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    @JsonProperty("value")
    public String value() {
        return value;
    }

    @JsonProperty("isRegex")
    public boolean isRegex() {
        return isRegex;
    }

    @JsonProperty("isEqual")
    public boolean isEqual() {
        return isEqual;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher other && name.equals(other.name) && value.equals(other.value)
                && isRegex == other.isRegex && isEqual == other.isEqual;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, isRegex, isEqual);
    }

    @Override
    public String toString() {
        String op = isRegex ? (isEqual ? "=~" : "!~") : (isEqual ? "=" : "!=");
        return name + op + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** An over-long input is quoted only in part, so an error message stays readable. */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
