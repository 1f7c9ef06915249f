package io.fosfleet.alert.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager matcher on a label: {@code name="value"}, {@code name!="value"}, {@code name=~"regex"} or
 * {@code name!~"regex"}; a regex must match the whole value. Used by routes and by silences.
 */
public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    @JsonCreator
    public Matcher(@JsonProperty("name") String name, @JsonProperty("value") String value,
                   @JsonProperty("isRegex") boolean isRegex, @JsonProperty("isEqual") Boolean isEqual) {
        this(name, value, isRegex, isEqual == null || isEqual);
    }

    public Matcher {
        if (name == null || !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("matcher name '" + name + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        }
        if (value == null) {
            throw new IllegalArgumentException("matcher " + name + " has no value");
        }
        if (isRegex) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher " + name + ": invalid regex '" + value + "': "
                        + e.getDescription());
            }
        }
    }

    /** Parses {@code name="value"} and its three siblings. */
    public static Matcher parse(String text) {
        var m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("matcher '" + text + "' is not of the form name=\"value\", name!=\"value\","
                    + " name=~\"regex\" or name!~\"regex\"");
        }
        String op = m.group(2);
        String value = m.group(3).replaceAll("\\\\(.)", "$1");
        return new Matcher(m.group(1), value, op.endsWith("~"), !op.startsWith("!"));
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        boolean hit = isRegex ? actual.matches(value) : actual.equals(value);
        return hit == isEqual;
    }

    @Override
    public String toString() {
        String op = isRegex ? (isEqual ? "=~" : "!~") : (isEqual ? "=" : "!=");
        return name + op + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
