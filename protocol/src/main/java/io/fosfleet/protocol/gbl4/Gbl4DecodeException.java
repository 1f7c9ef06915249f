package io.fosfleet.protocol.gbl4;

import java.util.HexFormat;

/** A datagram is not a valid GBL4 frame; says what is wrong with it. Never thrown for a valid frame. */
public class Gbl4DecodeException extends Exception {

    /** What is wrong with the datagram. */
    public enum Reason {
        TOO_SHORT, BAD_PREFIX, UNKNOWN_COMMAND, BAD_PAYLOAD_SIZE, BAD_CHECKSUM
    }

    private final Reason reason;

    public Gbl4DecodeException(Reason reason, String message, byte[] datagram, int length) {
        super(message + " (" + length + " bytes" + preview(datagram, length) + ")");
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static String preview(byte[] datagram, int length) {
        if (datagram == null || length <= 0) {
            return "";
        }
        int shown = Math.min(Math.min(length, datagram.length), 16);
        return ": " + HexFormat.of().formatHex(datagram, 0, shown) + (shown < length ? "…" : "");
    }
}
