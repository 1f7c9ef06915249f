package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static io.fosfleet.simulator.TestDevices.frame;
import static io.fosfleet.simulator.TestDevices.gbl4;
import static io.fosfleet.simulator.TestDevices.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GBL4 exchanges of docs/protocol.md §1, byte for byte, against an operational device (MAC 00:19:32:00:00:58). */
class Gbl4RawBytesTest {

    static Simulator sim;
    static Ipv4Address address;

    @BeforeAll
    static void start() {
        sim = TestDevices.one(Map.of(Key.GATEWAY, "10.0.0.1"));
        address = sim.device(MAC).address();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void scanIsSixBytesAndTheReplyCarriesIdentityVersionsAndNetwork() throws Exception {
        byte[] reply = gbl4(address, hex("47424c04 01 4c")).orElseThrow();

        // As the worked example: hwmagic 0x0050, bootloader 1.2, firmware 1.7, operational, 255.0.0.0,
        // gateway 10.0.0.1, phy auto, link 100 Mbit full duplex, no DHCP, port 8080 — at this device's address.
        assertThat(hex(reply)).isEqualTo(hex(frame("01 001932000058 0050 0102 0107 00 " + hex(address.octets())
                + " ff000000 0a000001 03 07 00 1f90")));
        assertThat(reply).hasSize(36);
    }

    @Test
    void kickAndPingAreEchoedExactly() throws Exception {
        byte[] kick = hex("47424c04 0b 001932000058 00 35");
        byte[] ping = hex("47424c04 09 001932000058 0000 37");

        assertThat(gbl4(address, kick)).hasValueSatisfying(reply -> assertThat(reply).isEqualTo(kick));
        assertThat(gbl4(address, ping)).hasValueSatisfying(reply -> assertThat(reply).isEqualTo(ping));
    }

    @Test
    void requestsForAnotherMacAreIgnored() throws Exception {
        assertThat(gbl4(address, frame("0b 001932000059 00"))).isEmpty();
        assertThat(gbl4(address, frame("09 001932000059 0000"))).isEmpty();
    }

    @Test
    void malformedDatagramsAreDroppedAndTheDeviceAnswersOnAfterwards() throws Exception {
        assertThat(gbl4(address, hex("47424c04 0b 001932000058 00 36"))).as("bad checksum").isEmpty();
        assertThat(gbl4(address, hex("47424c05 0b 001932000058 00 34"))).as("bad prefix").isEmpty();
        assertThat(gbl4(address, hex("47424c04 0b 0019"))).as("too short").isEmpty();
        assertThat(gbl4(address, frame("0b 001932000058 0000"))).as("wrong payload size").isEmpty();
        assertThat(gbl4(address, frame("63 001932000058"))).as("unknown command").isEmpty();

        assertThat(gbl4(address, hex("47424c04 09 001932000058 0000 37"))).isPresent();
    }

    @Test
    void netconfAndResetAreRefusedWithErrcode1OutsideFlashMode() throws Exception {
        byte[] netconf = hex("47424c04 02 001932000058 0a000005 ffffff00 0a000001 03 00 0050 94");

        assertThat(gbl4(address, netconf)).hasValueSatisfying(
                reply -> assertThat(hex(reply)).isEqualTo(hex(frame("02 001932000058 01"))));
        assertThat(gbl4(address, hex("47424c04 05 001932000058 3b"))).hasValueSatisfying(
                reply -> assertThat(hex(reply)).isEqualTo(hex(frame("05 001932000058 01"))));
        assertThat(sim.device(MAC).value(Key.ADDRESS)).isEqualTo(address.toString());
    }

    @Test
    void flashingIsNotAnsweredOutsideFlashMode() throws Exception {
        assertThat(gbl4(address, hex("47424c04 03 001932000058 0003 40 7e"))).isEmpty();
        assertThat(gbl4(address, frame("04 001932000058 0000" + "00".repeat(512)))).isEmpty();
        assertThat(sim.device(MAC).status().firmwareVersion()).isEqualTo("1.7");
    }
}
