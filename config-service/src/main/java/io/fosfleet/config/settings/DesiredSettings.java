package io.fosfleet.config.settings;

import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which berofos keys may be desired configuration, and their validation: every key of the protocol's key table that
 * the device reads back and takes a set request for, except the admin password (never stored; devices name a
 * credential instead) and live state that commands change (a desired relay mode would undo every failover).
 */
public final class DesiredSettings {

    private static final String ALLOWED = Arrays.stream(Key.values()).filter(DesiredSettings::settable)
            .map(Key::keyword).collect(Collectors.joining(", "));

    private DesiredSettings() {
    }

    static boolean settable(Key key) {
        return key.readable() && key.writable() && !key.secret() && !key.runtime();
    }

    /**
     * Checks each {@code keyword → value} with the key table and answers the canonical values ({@code yes} becomes
     * {@code 1}); every refused entry is recorded under {@code field.keyword}.
     */
    public static Map<String, String> normalize(String field, Map<String, String> input, Problems problems) {
        Map<String, String> normalized = new TreeMap<>();
        if (input == null || !Inputs.size(problems, field, input, Limits.SETTINGS)) {
            return normalized;
        }
        input.forEach((keyword, value) -> {
            Key key = keyword == null ? null : Key.byKeyword(keyword).orElse(null);
            // an unknown key is named only as far as a key can be long, so a message never repeats a huge input
            String at = field + "." + Inputs.key(keyword);
            if (key == null) {
                problems.add(at, "is not a berofos key", ALLOWED);
            } else if (key.secret()) {
                problems.add(at, "is the admin password: passwords are never stored nor published",
                        "name the device's credential with credentialName");
            } else if (key.runtime()) {
                problems.add(at, "is live state that commands change, not configuration",
                        "the power-up defaults modedef, power1def, power2def, wdogdef; or send a command");
            } else if (!settable(key)) {
                problems.add(at, "cannot be configured (" + key.access().name().toLowerCase(java.util.Locale.ROOT) + ")", ALLOWED);
            } else {
                try {
                    normalized.put(keyword, key.normalize(value));
                } catch (InvalidValueException e) {
                    problems.add(at, Inputs.quote(String.valueOf(value)) + " is not valid", e.allowed());
                }
            }
        });
        return normalized;
    }
}
