package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4DecodeException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes and decodes GBL4 datagrams: prefix {@code GBL\x04}, command, payload, XOR checksum (docs/protocol.md §1).
 * Decoding checks everything and fails only with {@link Gbl4DecodeException}, whatever the bytes.
 *
 * <p>One leniency, as the reference client has it: a PING or SET_NETCONF reply with a valid checksum may end right
 * after its MAC (a payload of {@link #SHORT_REPLY_PAYLOAD} bytes; a partial field after it is refused). The missing fields read as 0: the ping's n (the request's is
 * always 0) and the netconf errcode (success). Every other payload must have its full size (docs/protocol.md §1).
 */
public final class Gbl4Frames {

    static final byte[] PREFIX = {'G', 'B', 'L', 0x04};
    /** Prefix, command and checksum around the payload. */
    public static final int OVERHEAD = PREFIX.length + 2;
    /** The size of a short PING or SET_NETCONF reply payload: the device's MAC, nothing after it. */
    public static final int SHORT_REPLY_PAYLOAD = 6;
    /** The largest valid datagram (a flash page). */
    public static final int MAX_DATAGRAM = OVERHEAD + Gbl4Command.FLASH_PAGE.requestPayloadSize();

    private Gbl4Frames() {
    }

    public static byte[] encode(Gbl4Request request) {
        ByteBuffer p = ByteBuffer.allocate(request.command().requestPayloadSize());
        if (request instanceof Gbl4Request.SetNetconf s) {
            p.put(s.mac().octets());
            putNetConf(p, s.netConf());
        } else if (request instanceof Gbl4Request.FlashPrep s) {
            p.put(s.mac().octets()).putShort((short) s.numPages()).put((byte) s.crc());
        } else if (request instanceof Gbl4Request.FlashPage s) {
            p.put(s.mac().octets()).putShort((short) s.page()).put(s.data());
        } else if (request instanceof Gbl4Request.Reset s) {
            p.put(s.mac().octets());
        } else if (request instanceof Gbl4Request.Ping s) {
            p.put(s.mac().octets()).putShort((short) s.n());
        } else if (request instanceof Gbl4Request.Kick s) {
            p.put(s.mac().octets()).put((byte) s.flag());
        }
        return frame(request.command(), p.array());
    }

    public static byte[] encode(Gbl4Reply reply) {
        ByteBuffer p = ByteBuffer.allocate(reply.command().replyPayloadSize());
        if (reply instanceof Gbl4Reply.NetconfInfo r) {
            DeviceInfo i = r.info();
            p.put(i.mac().octets()).putShort((short) i.hwmagic())
                    .put((byte) i.bootloaderMajor()).put((byte) i.bootloaderMinor())
                    .put((byte) i.firmwareMajor()).put((byte) i.firmwareMinor())
                    .put((byte) i.devmode())
                    .put(i.address().octets()).put(i.netmask().octets()).put(i.gateway().octets())
                    .put((byte) i.phyConf()).put((byte) i.phyState()).put((byte) i.options())
                    .putShort((short) i.httpPort());
        } else if (reply instanceof Gbl4Reply.SetNetconfAck r) {
            p.put(r.mac().octets()).put((byte) r.errcode());
        } else if (reply instanceof Gbl4Reply.FlashPrepAck r) {
            p.put(r.mac().octets()).putShort((short) r.numPages()).put((byte) r.crc());
        } else if (reply instanceof Gbl4Reply.FlashPageAck r) {
            p.put(r.mac().octets()).putShort((short) r.page());
        } else if (reply instanceof Gbl4Reply.ResetAck r) {
            p.put(r.mac().octets()).put((byte) r.errcode());
        } else if (reply instanceof Gbl4Reply.Pong r) {
            p.put(r.mac().octets()).putShort((short) r.n());
        } else if (reply instanceof Gbl4Reply.KickAck r) {
            p.put(r.mac().octets()).put((byte) r.flag());
        }
        return frame(reply.command(), p.array());
    }

    public static Gbl4Request decodeRequest(byte[] datagram) throws Gbl4DecodeException {
        return decodeRequest(datagram, datagram == null ? 0 : datagram.length);
    }

    /** Decodes the first {@code length} bytes of {@code datagram} as a request (what a device receives). */
    public static Gbl4Request decodeRequest(byte[] datagram, int length) throws Gbl4DecodeException {
        Gbl4Command command = checkFrame(datagram, length, true);
        ByteBuffer p = ByteBuffer.wrap(datagram, PREFIX.length + 1, command.requestPayloadSize());
        return switch (command) {
            case GET_NETCONF -> new Gbl4Request.Scan();
            case SET_NETCONF -> new Gbl4Request.SetNetconf(mac(p), netConf(p));
            case FLASH_PREP -> new Gbl4Request.FlashPrep(mac(p), u16(p), u8(p));
            case FLASH_PAGE -> {
                MacAddress mac = mac(p);
                int page = u16(p);
                byte[] data = new byte[Gbl4Request.FlashPage.PAGE_SIZE];
                p.get(data);
                yield new Gbl4Request.FlashPage(mac, page, data);
            }
            case RESET -> new Gbl4Request.Reset(mac(p));
            case PING -> new Gbl4Request.Ping(mac(p), u16(p));
            case KICK_WDOG -> new Gbl4Request.Kick(mac(p), u8(p));
        };
    }

    public static Gbl4Reply decodeReply(byte[] datagram) throws Gbl4DecodeException {
        return decodeReply(datagram, datagram == null ? 0 : datagram.length);
    }

    /** Decodes the first {@code length} bytes of {@code datagram} as a reply (what a client receives). */
    public static Gbl4Reply decodeReply(byte[] datagram, int length) throws Gbl4DecodeException {
        Gbl4Command command = checkFrame(datagram, length, false);
        ByteBuffer p = ByteBuffer.wrap(datagram, PREFIX.length + 1, length - OVERHEAD);
        return switch (command) {
            case GET_NETCONF -> new Gbl4Reply.NetconfInfo(new DeviceInfo(mac(p), u16(p), u8(p), u8(p), u8(p), u8(p),
                    u8(p), ip(p), ip(p), ip(p), u8(p), u8(p), u8(p), u16(p)));
            case SET_NETCONF -> new Gbl4Reply.SetNetconfAck(mac(p), p.hasRemaining() ? u8(p) : 0);
            case FLASH_PREP -> new Gbl4Reply.FlashPrepAck(mac(p), u16(p), u8(p));
            case FLASH_PAGE -> new Gbl4Reply.FlashPageAck(mac(p), u16(p));
            case RESET -> new Gbl4Reply.ResetAck(mac(p), u8(p));
            case PING -> new Gbl4Reply.Pong(mac(p), p.hasRemaining() ? u16(p) : 0);
            case KICK_WDOG -> new Gbl4Reply.KickAck(mac(p), u8(p));
        };
    }

    /** Whether a reply of this command may end after its MAC (see the class comment). */
    static boolean mayBeShort(Gbl4Command command) {
        return command == Gbl4Command.PING || command == Gbl4Command.SET_NETCONF;
    }

    /** XOR of the bytes {@code [0, end)}. */
    public static int checksum(byte[] bytes, int end) {
        int x = 0;
        for (int i = 0; i < end; i++) {
            x ^= bytes[i];
        }
        return x & 0xff;
    }

    static void requireUnsigned(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be 0.." + max + ", was " + value);
        }
    }

    private static byte[] frame(Gbl4Command command, byte[] payload) {
        byte[] out = new byte[OVERHEAD + payload.length];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        out[PREFIX.length] = (byte) command.code();
        System.arraycopy(payload, 0, out, PREFIX.length + 1, payload.length);
        out[out.length - 1] = (byte) checksum(out, out.length - 1);
        return out;
    }

    private static Gbl4Command checkFrame(byte[] d, int length, boolean request) throws Gbl4DecodeException {
        if (d == null || length < OVERHEAD) {
            throw new Gbl4DecodeException(Reason.TOO_SHORT,
                    "datagram shorter than the " + OVERHEAD + " bytes of an empty GBL4 frame", d, Math.max(0, length));
        }
        if (length > d.length) {
            throw new Gbl4DecodeException(Reason.TOO_SHORT,
                    "datagram length " + length + " exceeds its buffer of " + d.length + " bytes", d, d.length);
        }
        if (!Arrays.equals(d, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new Gbl4DecodeException(Reason.BAD_PREFIX, "datagram does not start with GBL\\x04", d, length);
        }
        int code = d[PREFIX.length] & 0xff;
        Gbl4Command command = Gbl4Command.byCode(code).orElseThrow(() -> new Gbl4DecodeException(
                Reason.UNKNOWN_COMMAND, "unknown GBL4 command " + code, d, length));
        int expected = request ? command.requestPayloadSize() : command.replyPayloadSize();
        int actual = length - OVERHEAD;
        boolean shortReply = !request && mayBeShort(command) && actual == SHORT_REPLY_PAYLOAD;
        if (actual != expected && !shortReply) {
            throw new Gbl4DecodeException(Reason.BAD_PAYLOAD_SIZE, command + (request ? " request" : " reply")
                    + " payload must be " + (!request && mayBeShort(command) ? SHORT_REPLY_PAYLOAD + " or " : "")
                    + expected + " bytes, was " + actual, d, length);
        }
        int sum = checksum(d, length - 1);
        if (sum != (d[length - 1] & 0xff)) {
            throw new Gbl4DecodeException(Reason.BAD_CHECKSUM, String.format(
                    "checksum 0x%02x does not match the XOR of the frame 0x%02x", d[length - 1] & 0xff, sum), d, length);
        }
        return command;
    }

    private static void putNetConf(ByteBuffer p, NetConf n) {
        p.put(n.address().octets()).put(n.netmask().octets()).put(n.gateway().octets())
                .put((byte) n.phyConf()).put((byte) n.options()).putShort((short) n.httpPort());
    }

    private static NetConf netConf(ByteBuffer p) {
        return new NetConf(ip(p), ip(p), ip(p), u8(p), u8(p), u16(p));
    }

    private static MacAddress mac(ByteBuffer p) {
        byte[] mac = new byte[6];
        p.get(mac);
        return MacAddress.of(mac);
    }

    private static Ipv4Address ip(ByteBuffer p) {
        return new Ipv4Address(p.getInt());
    }

    private static int u8(ByteBuffer p) {
        return p.get() & 0xff;
    }

    private static int u16(ByteBuffer p) {
        return p.getShort() & 0xffff;
    }
}
