package io.fosfleet.protocol.gbl4;

import static io.fosfleet.protocol.gbl4.UdpResponder.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4DecodeException.Reason;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Short but well-formed PING and SET_NETCONF replies (docs/protocol.md §1 "Which replies are accepted"): prefix,
 * command, the device's MAC and a valid checksum, nothing after the MAC. The reference tool accepts them;
 * so do we, and nothing shorter, and no other command.
 */
class Gbl4ShortRepliesTest {

    static final MacAddress MAC = MacAddress.parse("00:19:32:00:00:58");
    static final NetConf NET = new NetConf(Ipv4Address.parse("10.0.0.5"), Ipv4Address.parse("255.255.255.0"),
            Ipv4Address.parse("10.0.0.1"), NetConf.PHY_PROBE_AUTO, 0, 80);

    Gbl4Client client;
    UdpResponder device;

    @BeforeEach
    void open() throws Exception {
        client = Gbl4Client.open();
    }

    @AfterEach
    void close() {
        client.close();
        if (device != null) {
            device.close();
        }
    }

    /** A frame with a valid checksum around {@code hex}: command and payload. */
    static byte[] frame(String hex) {
        byte[] body = HexFormat.of().parseHex("47424c04" + hex.replace(" ", ""));
        byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = (byte) Gbl4Frames.checksum(body, body.length);
        return out;
    }

    @Test
    void theDecoderAcceptsPingAndNetconfRepliesThatEndAfterTheMac() throws Exception {
        assertThat(HexFormat.of().formatHex(frame("09 001932000058"))).isEqualTo("47424c0409001932000058" + "37");
        assertThat(Gbl4Frames.decodeReply(frame("09 001932000058"))).isEqualTo(new Gbl4Reply.Pong(MAC, 0));
        assertThat(Gbl4Frames.decodeReply(frame("02 001932000058"))).isEqualTo(new Gbl4Reply.SetNetconfAck(MAC, 0));
        // A full netconf reply still carries its error code.
        assertThat(Gbl4Frames.decodeReply(frame("02 001932000058 03"))).isEqualTo(new Gbl4Reply.SetNetconfAck(MAC, 3));
    }

    @Test
    void nothingShorterThanTheMacAndNoOtherCommandIsAccepted() {
        for (String hex : List.of("09", "09 0019320000", "09 001932000058 00", "02 0019320000", "0b 001932000058", "05 001932000058",
                "03 001932000058 0003", "04 001932000058", "01 001932000058")) {
            assertThatThrownBy(() -> Gbl4Frames.decodeReply(frame(hex))).as(hex)
                    .isInstanceOfSatisfying(Gbl4DecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PAYLOAD_SIZE));
        }
        assertThatThrownBy(() -> Gbl4Frames.decodeReply(frame("09 0019320000")))
                .hasMessageStartingWith("PING reply payload must be 6 or 8 bytes, was 5");
        // A short request is still refused: a device only answers whole requests.
        assertThatThrownBy(() -> Gbl4Frames.decodeRequest(frame("09 001932000058")))
                .isInstanceOf(Gbl4DecodeException.class);
        // A short reply with a bad checksum is not a reply.
        byte[] bad = frame("09 001932000058");
        bad[bad.length - 1] ^= 1;
        assertThatThrownBy(() -> Gbl4Frames.decodeReply(bad)).isInstanceOfSatisfying(Gbl4DecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHECKSUM));
    }

    @Test
    void ourClientSucceedsOnShortPingAndNetconfReplies() throws Exception {
        device = UdpResponder.start(request -> switch (request.command()) {
            case PING -> List.of(frame("09 001932000058"));
            case SET_NETCONF -> List.of(frame("02 001932000058"));
            case KICK_WDOG -> List.of(frame("0b 001932000058"));
            default -> List.of();
        });
        Gbl4Client.Options o = Gbl4Client.Options.defaults().withPort(device.port()).withTimeout(Duration.ofSeconds(5));

        assertThat(client.ping(LOOPBACK, MAC, o).join()).isEqualTo(new Gbl4Reply.Pong(MAC, 0));
        client.setNetconf(LOOPBACK, MAC, NET, o).join();
        // A kick reply must be the whole echo: a short one is no proof that the watchdog was reloaded.
        assertThatThrownBy(() -> client.kick(LOOPBACK, MAC, o.withTimeout(Duration.ofMillis(300))).join())
                .isInstanceOf(CompletionException.class);
    }
}
