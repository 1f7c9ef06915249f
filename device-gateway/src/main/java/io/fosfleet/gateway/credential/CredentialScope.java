package io.fosfleet.gateway.credential;

import io.fosfleet.events.DeviceId;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a credential may be sent: IPv4 ranges ({@code 10.1.7.0/24}, or one address) and device ids
 * ({@code fra1-a-fos}). Empty means nowhere.
 *
 * @param ranges the allowed address ranges
 * @param deviceIds devices whose registered address is allowed, whatever it is
 */
public record CredentialScope(List<Range> ranges, Set<String> deviceIds) {

    public CredentialScope {
        ranges = List.copyOf(ranges);
        deviceIds = Set.copyOf(deviceIds);
    }

    /** An IPv4 network: the addresses whose first {@code prefix} bits are those of {@code network}. */
    public record Range(int network, int prefix) {

        boolean contains(Inet4Address address) {
            int bits = Ipv4Address.of(address).bits();
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (bits & mask) == (network & mask);
        }

        @Override
        public String toString() {
            return new Ipv4Address(network) + "/" + prefix;
        }
    }

    /**
     * Reads the entries of {@code credentials."<name>".allowed}: {@code a.b.c.d/nn}, {@code a.b.c.d} or a device id.
     *
     * @param property the property's name, for the error message
     * @throws IllegalArgumentException naming the property, the entry and what is allowed
     */
    public static CredentialScope parse(String property, List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.matches("[0-9./]+")) {
                ranges.add(range(property, entry));
            } else {
                try {
                    ids.add(DeviceId.of(entry).value());
                } catch (IllegalArgumentException e) {
                    throw invalid(property, entry);
                }
            }
        }
        return new CredentialScope(ranges, ids);
    }

    /** Whether a device with this id, registered at this address, may receive the credential. */
    public boolean allows(DeviceId device, InetAddress address) {
        if (deviceIds.contains(device.value())) {
            return true;
        }
        return address instanceof Inet4Address v4 && ranges.stream().anyMatch(r -> r.contains(v4));
    }

    public boolean isEmpty() {
        return ranges.isEmpty() && deviceIds.isEmpty();
    }

    private static Range range(String property, String entry) {
        String[] parts = entry.split("/", -1);
        if (parts.length > 2) {
            throw invalid(property, entry);
        }
        try {
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            if (prefix < 0 || prefix > 32) {
                throw invalid(property, entry);
            }
            return new Range(Ipv4Address.parse(parts[0]).bits(), prefix);
        } catch (NumberFormatException | InvalidValueException e) {
            throw invalid(property, entry);
        }
    }

    private static IllegalArgumentException invalid(String property, String entry) {
        return new IllegalArgumentException(property + ": '" + entry + "' is not an IPv4 range (a.b.c.d/nn), an "
                + "IPv4 address or a device id");
    }
}
