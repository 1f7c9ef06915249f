package io.fosfleet.protocol.gbl4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.gbl4.Gbl4DecodeException.Reason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Each way a datagram can be wrong gets its own reason and a message that shows the bytes. */
class Gbl4FramesErrorsTest {

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @Test
    void fewerThanSixBytesAreTooShort() {
        assertThatThrownBy(() -> Gbl4Frames.decodeReply(hex("47424c04 0b")))
                .isInstanceOfSatisfying(Gbl4DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SHORT))
                .hasMessage("datagram shorter than the 6 bytes of an empty GBL4 frame (5 bytes: 47424c040b)");
        assertThatThrownBy(() -> Gbl4Frames.decodeRequest(null)).isInstanceOf(Gbl4DecodeException.class)
                .hasMessageStartingWith("datagram shorter");
    }

    @Test
    void aLengthBeyondTheBufferIsRefusedNotReadPast() {
        assertThatThrownBy(() -> Gbl4Frames.decodeReply(hex("47424c04 0b 0019"), 13))
                .isInstanceOf(Gbl4DecodeException.class)
                .hasMessage("datagram length 13 exceeds its buffer of 7 bytes (7 bytes: 47424c040b0019)");
    }

    @Test
    void anotherPrefixIsNotGbl4() {
        assertThatThrownBy(() -> Gbl4Frames.decodeReply(hex("47424c05 0b 001932000058 00 35")))
                .isInstanceOfSatisfying(Gbl4DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PREFIX))
                .hasMessageStartingWith("datagram does not start with GBL\\x04 (13 bytes: 47424c050b");
    }

    @Test
    void command10SetMacIsNotSpokenByClientsOrDevices() {
        byte[] setMac = hex("47424c04 0a 001932000058 00");
        byte[] frame = java.util.Arrays.copyOf(setMac, setMac.length + 1);
        frame[frame.length - 1] = (byte) Gbl4Frames.checksum(frame, frame.length - 1);

        assertThatThrownBy(() -> Gbl4Frames.decodeRequest(frame))
                .isInstanceOfSatisfying(Gbl4DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_COMMAND))
                .hasMessageStartingWith("unknown GBL4 command 10");
    }

    @Test
    void aPayloadOfTheWrongSizeNamesTheExpectedSize() {
        // A ping reply sent as a kick: one byte too many for KICK_WDOG.
        byte[] frame = hex("47424c04 0b 001932000058 0000 00");
        frame[frame.length - 1] = (byte) Gbl4Frames.checksum(frame, frame.length - 1);

        assertThatThrownBy(() -> Gbl4Frames.decodeReply(frame))
                .isInstanceOfSatisfying(Gbl4DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PAYLOAD_SIZE))
                .hasMessageStartingWith("KICK_WDOG reply payload must be 7 bytes, was 8");
    }

    @Test
    void aWrongChecksumShowsBothValues() {
        assertThatThrownBy(() -> Gbl4Frames.decodeReply(hex("47424c04 0b 001932000058 00 36")))
                .isInstanceOfSatisfying(Gbl4DecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHECKSUM))
                .hasMessageStartingWith("checksum 0x36 does not match the XOR of the frame 0x35");
    }
}
