package io.fosfleet.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A device's Ethernet MAC address, the identity GBL4 requests are addressed to. */
public final class MacAddress implements Comparable<MacAddress> {

    private static final Pattern NOTATION = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    private final byte[] octets;

    private MacAddress(byte[] octets) {
        this.octets = octets;
    }

    /**
     * Parses the only notation the device tools accept: six two-digit hex octets separated by colons
     * ({@code 00:19:32:00:00:58}, either case).
     */
    public static MacAddress parse(String text) {
        if (text == null || !NOTATION.matcher(text).matches()) {
            throw new InvalidValueException("mac", text,
                    "a MAC address is six two-digit hex octets separated by colons, e.g. 00:19:32:00:00:58");
        }
        return new MacAddress(HexFormat.ofDelimiter(":").parseHex(text));
    }

    /** The six octets, e.g. from a datagram. */
    public static MacAddress of(byte[] octets) {
        if (octets == null || octets.length != 6) {
            throw new InvalidValueException("mac", octets == null ? null : HexFormat.of().formatHex(octets),
                    "a MAC address has exactly 6 octets");
        }
        return new MacAddress(octets.clone());
    }

    public byte[] octets() {
        return octets.clone();
    }

    /** Lower-case colon notation: the canonical form for ids, events and logs. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(octets);
    }

    /** Upper-case colon notation, as bnfos prints it in its scan listing and writes it to bnfos.conf. */
    public String toUpperCaseString() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(octets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(octets, m.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    @Override
    public int compareTo(MacAddress other) {
        return Arrays.compareUnsigned(octets, other.octets);
    }
}
