package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated berofos as it leaves the box: its MAC, the address it is plugged in at, its HTTP port, and settings
 * that differ from the factory's. The address is where the simulated network's DHCP server places the device, and
 * its static address until someone changes it; all of 127/8 is local on Linux, so every device gets its own
 * 127.0.1.N.
 *
 * @param settings initial values by key (bnfos keywords in files and flags), checked with {@link Key#normalize};
 *     they are applied after the address and port, so {@code address} or {@code port} here win. Ignored when the
 *     state directory already holds the device.
 */
public record DeviceSpec(MacAddress mac, Ipv4Address address, int httpPort, Map<Key, String> settings) {

    public DeviceSpec {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        if (httpPort < 1 || httpPort > 65535) {
            throw new InvalidValueException("httpPort", Integer.toString(httpPort), "a number from 1 to 65535");
        }
        Map<Key, String> normalized = new EnumMap<>(Key.class);
        settings.forEach((key, value) -> {
            if (!key.writable() || key.type() == ValueType.ACTION) {
                throw new InvalidValueException(key.keyword(), value, key.keyword() + " is not a setting");
            }
            normalized.put(key, key.normalize(value));
        });
        settings = Collections.unmodifiableMap(normalized);
    }

    public DeviceSpec(MacAddress mac, Ipv4Address address, int httpPort) {
        this(mac, address, httpPort, Map.of());
    }

    /** A new device's EEPROM content: its address (static), that class's netmask, its HTTP port, its settings. */
    Map<Key, String> initialSettings() {
        Map<Key, String> initial = new EnumMap<>(Key.class);
        initial.put(Key.ADDRESS, address.toString());
        initial.put(Key.NETMASK, address.classfulNetmask().toString());
        initial.put(Key.GATEWAY, Ipv4Address.ANY.toString());
        initial.put(Key.DHCP, "0");
        initial.put(Key.PORT, Integer.toString(httpPort));
        initial.putAll(settings);
        return initial;
    }

    /**
     * A rack of {@code count} devices with consecutive addresses (skipping .0 and .255) and MACs, all with the same
     * HTTP port and settings.
     */
    public static List<DeviceSpec> rack(int count, Ipv4Address firstAddress, MacAddress firstMac, int httpPort,
            Map<Key, String> settings) {
        if (count < 1) {
            throw new InvalidValueException("count", Integer.toString(count), "at least 1 device");
        }
        List<DeviceSpec> rack = new ArrayList<>(count);
        Ipv4Address address = firstAddress;
        byte[] mac = firstMac.octets();
        for (int i = 0; i < count; i++) {
            rack.add(new DeviceSpec(MacAddress.of(mac), address, httpPort, settings));
            address = nextHostAddress(address);
            increment(mac);
        }
        return List.copyOf(rack);
    }

    /** The next address whose last octet is neither 0 nor 255, so a rack can run past 127.0.1.254. */
    static Ipv4Address nextHostAddress(Ipv4Address address) {
        int bits = address.bits() + 1;
        while ((bits & 0xff) == 0 || (bits & 0xff) == 0xff) {
            bits++;
        }
        return new Ipv4Address(bits);
    }

    private static void increment(byte[] octets) {
        for (int i = octets.length - 1; i >= 0; i--) {
            octets[i]++;
            if (octets[i] != 0) {
                return;
            }
        }
    }
}
