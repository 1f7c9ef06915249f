package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a device set request ({@code /?cmd=N&param=value…}) through the key table: each key whose set request has
 * this {@code cmd}, whose fixed parameters match (as {@code p=0} for power port 1) and whose value parameter is
 * present takes part, its value checked with {@link Key#normalize}. A web form sends several keys of one {@code cmd}
 * at once; bnfos sends one.
 */
final class SetRequest {

    /** A key's set request template, e.g. {@code p=0&s=%s}: fixed parameters and the name of the value parameter. */
    private record Template(Key key, Map<String, String> fixed, String valueParam) {
    }

    private static final List<Template> TEMPLATES = templates();

    private SetRequest() {
    }

    /**
     * The validated changes of a set request; a write-only value (the admin password) left empty in a form is
     * not a change.
     *
     * @param params the query parameters, decoded; the first value of each
     * @throws InvalidValueException naming the parameter and what is allowed; nothing is to be changed then
     */
    static Map<Key, String> parse(Map<String, String> params) {
        String cmdText = params.get("cmd");
        if (cmdText == null || !cmdText.matches("[0-9]{1,3}")) {
            throw new InvalidValueException("cmd", cmdText, "a set request number such as cmd=3");
        }
        int cmd = Integer.parseInt(cmdText);
        Map<Key, String> changes = new EnumMap<>(Key.class);
        Set<String> used = new LinkedHashSet<>(List.of("cmd"));
        boolean matched = false;
        for (Template t : TEMPLATES) {
            if (t.key().setCmd() != cmd) {
                continue;
            }
            if (t.valueParam() == null) {
                changes.put(t.key(), "");
                matched = true;
                continue;
            }
            boolean fixedMatch = t.fixed().entrySet().stream().allMatch(f -> f.getValue().equals(params.get(f.getKey())));
            String value = params.get(t.valueParam());
            if (!fixedMatch || value == null) {
                continue;
            }
            matched = true;
            used.addAll(t.fixed().keySet());
            used.add(t.valueParam());
            if (value.isEmpty() && t.key().access() == Key.Access.WRITE_ONLY) {
                continue;
            }
            changes.put(t.key(), t.key().normalize(value));
        }
        for (String name : params.keySet()) {
            if (!used.contains(name)) {
                // The value is not repeated: it may be a password sent with the wrong cmd.
                throw new InvalidValueException(name, "…", "no setting of cmd=" + cmd + " takes the parameter '"
                        + name + "'");
            }
        }
        if (!matched) {
            throw new InvalidValueException("cmd", cmdText, "cmd=" + cmd + " with these parameters sets nothing");
        }
        return changes;
    }

    private static List<Template> templates() {
        Function<Key, Template> template = key -> {
            if (key.setParam() == null) {
                return new Template(key, Map.of(), null);
            }
            Map<String, String> fixed = new LinkedHashMap<>();
            String valueParam = null;
            for (String part : key.setParam().split("&")) {
                String[] nv = part.split("=", 2);
                if (nv[1].equals("%s")) {
                    valueParam = nv[0];
                } else {
                    fixed.put(nv[0], nv[1]);
                }
            }
            return new Template(key, Map.copyOf(fixed), valueParam);
        };
        return Arrays.stream(Key.values())
                .filter(k -> k.writable() && (k.setParam() != null || k.type() == ValueType.ACTION))
                .map(template)
                .toList();
    }
}
