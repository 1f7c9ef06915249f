package io.fosfleet.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 address in strict dotted-quad notation; never a host name, never a partial address. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(0xffffffff);

    /**
     * Parses {@code a.b.c.d}, each part a decimal 0..255 without sign, spaces or leading zeros (the reference tool's
     * inet_aton would read {@code 010} as octal 8, so such input is refused rather than guessed).
     */
    public static Ipv4Address parse(String text) {
        String allowed = "an IPv4 address is four numbers 0..255 separated by dots, without leading zeros, "
                + "e.g. 10.0.0.5";
        if (text == null) {
            throw new InvalidValueException("address", null, allowed);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidValueException("address", text, allowed);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new InvalidValueException("address", text, allowed);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new InvalidValueException("address", text, allowed);
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    /** The four octets in dotted order, as they travel in a GBL4 datagram. */
    public static Ipv4Address of(byte[] octets) {
        if (octets == null || octets.length != 4) {
            throw new InvalidValueException("address", null, "an IPv4 address has exactly 4 octets");
        }
        return new Ipv4Address(((octets[0] & 0xff) << 24) | ((octets[1] & 0xff) << 16)
                | ((octets[2] & 0xff) << 8) | (octets[3] & 0xff));
    }

    public static Ipv4Address of(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new InvalidValueException("address", String.valueOf(address), "only IPv4 addresses are supported");
        }
        return of(address.getAddress());
    }

    public byte[] octets() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(octets());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always a valid address", e);
        }
    }

    /** The netmask of the address's class (A /8, B /16, C and above /24), as bnfos --netconf defaults it. */
    public Ipv4Address classfulNetmask() {
        int first = (bits >>> 24) & 0xff;
        if (first < 128) {
            return new Ipv4Address(0xff000000);
        } else if (first < 192) {
            return new Ipv4Address(0xffff0000);
        }
        return new Ipv4Address(0xffffff00);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
