package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import java.util.HexFormat;
import java.util.Random;

/**
 * Random GBL4 requests and replies over the full range of each field, for tests that check many cases. Every value
 * comes from the {@link Random} passed in, so a test with a fixed seed checks the same cases on every run. About one
 * number in eight is a boundary (0, 1 or the largest value), where encoding mistakes tend to hide.
 */
final class Gbl4Generators {

    private Gbl4Generators() {
    }

    /** A number from 0 to {@code max}, sometimes exactly 0, 1 or {@code max}. */
    static int unsigned(Random random, int max) {
        if (random.nextInt(8) == 0) {
            int[] boundaries = {0, 1, max};
            return boundaries[random.nextInt(boundaries.length)];
        }
        return random.nextInt(max + 1);
    }

    static int u8(Random random) {
        return unsigned(random, 0xff);
    }

    static int u16(Random random) {
        return unsigned(random, 0xffff);
    }

    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any MAC, sometimes 00:00:00:00:00:00 or ff:ff:ff:ff:ff:ff. */
    static MacAddress mac(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> MacAddress.of(new byte[6]);
            case 1 -> MacAddress.of(new byte[] {-1, -1, -1, -1, -1, -1});
            default -> MacAddress.of(bytes(random, 6));
        };
    }

    /** Any IPv4 address, sometimes 0.0.0.0, 255.255.255.255, 127.255.255.255 or 128.0.0.0. */
    static Ipv4Address address(Random random) {
        if (random.nextInt(8) == 0) {
            int[] boundaries = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
            return new Ipv4Address(boundaries[random.nextInt(boundaries.length)]);
        }
        return new Ipv4Address(random.nextInt());
    }

    static NetConf netConf(Random random) {
        return new NetConf(address(random), address(random), address(random), u8(random), u8(random), u16(random));
    }

    static DeviceInfo deviceInfo(Random random) {
        return new DeviceInfo(mac(random), u16(random), u8(random), u8(random), u8(random), u8(random), u8(random),
                address(random), address(random), address(random), u8(random), u8(random), u8(random), u16(random));
    }

    /** One of the seven requests, each equally likely. */
    static Gbl4Request request(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> new Gbl4Request.Scan();
            case 1 -> new Gbl4Request.SetNetconf(mac(random), netConf(random));
            case 2 -> new Gbl4Request.FlashPrep(mac(random), u16(random), u8(random));
            case 3 -> new Gbl4Request.FlashPage(mac(random), u16(random),
                    bytes(random, Gbl4Request.FlashPage.PAGE_SIZE));
            case 4 -> new Gbl4Request.Reset(mac(random));
            case 5 -> new Gbl4Request.Ping(mac(random), u16(random));
            default -> new Gbl4Request.Kick(mac(random), u8(random));
        };
    }

    /** One of the seven replies, each equally likely. */
    static Gbl4Reply reply(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> new Gbl4Reply.NetconfInfo(deviceInfo(random));
            case 1 -> new Gbl4Reply.SetNetconfAck(mac(random), u8(random));
            case 2 -> new Gbl4Reply.FlashPrepAck(mac(random), u16(random), u8(random));
            case 3 -> new Gbl4Reply.FlashPageAck(mac(random), u16(random));
            case 4 -> new Gbl4Reply.ResetAck(mac(random), u8(random));
            case 5 -> new Gbl4Reply.Pong(mac(random), u16(random));
            default -> new Gbl4Reply.KickAck(mac(random), u8(random));
        };
    }

    /** The encoding of a random request or reply: the valid datagrams that fuzzing starts from. */
    static byte[] validDatagram(Random random) {
        return random.nextBoolean() ? Gbl4Frames.encode(request(random)) : Gbl4Frames.encode(reply(random));
    }

    /** The bytes as hex, for failure messages that let a case be replayed. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
