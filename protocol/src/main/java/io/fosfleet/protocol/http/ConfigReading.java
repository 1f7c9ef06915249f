package io.fosfleet.protocol.http;

import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a device's {@code /config.txt} said: the value of every readable key it reported (booleans as 0/1), the
 * magic version, and the warnings the parse produced (e.g. a different magic version).
 */
public record ConfigReading(String magicVersion, Map<Key, String> values, List<String> warnings) {

    public ConfigReading {
        // EnumMap's copy constructor rejects an empty map that is not an EnumMap, so copy by putAll.
        EnumMap<Key, String> copy = new EnumMap<>(Key.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
        warnings = List.copyOf(warnings);
    }

    public Optional<String> get(Key key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A boolean key is on; false when the device did not report it. */
    public boolean isOn(Key key) {
        return "1".equals(values.get(key));
    }

    /** A numeric key's value, or -1 when missing or not a number. */
    public int intValue(Key key) {
        String v = values.get(key);
        if (v == null || !v.matches("[0-9]{1,9}")) {
            return -1;
        }
        return Integer.parseInt(v);
    }

    public Scenario scenario() {
        return Scenario.fromWire(isOn(Key.SCENARIO));
    }

    public RelayMode relayMode() {
        return RelayMode.fromWire(isOn(Key.MODE));
    }

    /** 0 off, 1 on, 2 failure; -1 when not reported. */
    public int watchdogState() {
        return intValue(Key.WDOGSTATE);
    }

    /** Seconds left before the watchdog fails over; -1 when not reported. */
    public int watchdogSecondsLeft() {
        return intValue(Key.WDOGRTIME);
    }
}
