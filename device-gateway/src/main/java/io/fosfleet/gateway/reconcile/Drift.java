package io.fosfleet.gateway.reconcile;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;

import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a device's desired settings with what it reports. Live runtime state (relay mode, power ports, watchdog
 * running or failed, its countdown) is never compared: it changes only by command or by the device itself.
 */
public final class Drift {

    private Drift() {
    }

    /** One desired setting the device does not have. */
    public record Difference(Key key, String desired, String actual) {
    }

    /**
     * The desired settings (bnfos keyword → value) that differ from the actual ones, by keyword in sorted order.
     * Desired values are normalised with the key table first, so {@code yes} equals the device's {@code 1}; keywords
     * that are unknown, runtime state, not readable or not valid are skipped (config-service validates them).
     */
    /**
     * The keywords whose desired value is new or different in {@code now} compared with {@code before} (both
     * normalised with the key table, so {@code yes} to {@code 1} is no change), in sorted order, each with its new
     * normalised value. These are changes an administrator made, not something the device did; keywords that are
     * unknown, runtime state or not valid are skipped as in {@link #between}.
     */
    public static Map<String, String> changed(Map<String, String> before, Map<String, String> now) {
        Map<String, String> changed = new TreeMap<>();
        now.forEach((keyword, value) -> Key.byKeyword(keyword)
                .filter(key -> key.readable() && key.writable() && !key.runtime())
                .ifPresent(key -> {
                    String want = normalized(key, value);
                    if (want != null && !want.equals(normalized(key, before.get(keyword)))) {
                        changed.put(keyword, want);
                    }
                }));
        return changed;
    }

    private static String normalized(Key key, String value) {
        if (value == null) {
            return null;
        }
        try {
            return key.normalize(value);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    public static Map<String, Difference> between(Map<String, String> desired, Map<String, String> actual) {
        Map<String, Difference> drift = new TreeMap<>();
        desired.forEach((keyword, value) -> Key.byKeyword(keyword)
                .filter(key -> key.readable() && key.writable() && !key.runtime())
                .ifPresent(key -> {
                    String want;
                    try {
                        want = key.normalize(value);
                    } catch (InvalidValueException e) {
                        return;
                    }
                    String have = actual.get(keyword);
                    if (have != null && !have.equals(want)) {
                        drift.put(keyword, new Difference(key, want, have));
                    }
                }));
        return drift;
    }
}
