package io.fosfleet.protocol.gbl4;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Every worked example of docs/protocol.md §1, encoded and decoded byte for byte. */
class Gbl4FramesExamplesTest {

    static final MacAddress MAC = MacAddress.parse("00:19:32:00:00:58");

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @Test
    void scanRequestIsSixBytes() throws Exception {
        byte[] wire = hex("47424c04 01 4c");
        assertThat(Gbl4Frames.encode(new Gbl4Request.Scan())).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeRequest(wire)).isEqualTo(new Gbl4Request.Scan());
    }

    @Test
    void kickRequestIs13Bytes() throws Exception {
        byte[] wire = hex("47424c04 0b 001932000058 00 35");
        assertThat(Gbl4Frames.encode(new Gbl4Request.Kick(MAC))).hasSize(13).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeRequest(wire)).isEqualTo(new Gbl4Request.Kick(MAC, 0));
    }

    @Test
    void kickReplyIsTheEcho() throws Exception {
        byte[] wire = hex("47424c04 0b 001932000058 00 35");
        assertThat(Gbl4Frames.encode(new Gbl4Reply.KickAck(MAC, 0))).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeReply(wire)).isEqualTo(new Gbl4Reply.KickAck(MAC, 0));
    }

    @Test
    void pingRequestIs14BytesAndTheReplyIsItsEcho() throws Exception {
        byte[] wire = hex("47424c04 09 001932000058 0000 37");
        assertThat(Gbl4Frames.encode(new Gbl4Request.Ping(MAC))).hasSize(14).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeRequest(wire)).isEqualTo(new Gbl4Request.Ping(MAC, 0));
        assertThat(Gbl4Frames.encode(new Gbl4Reply.Pong(MAC, 0))).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeReply(wire)).isEqualTo(new Gbl4Reply.Pong(MAC, 0));
    }

    @Test
    void resetRequestIs12BytesAndItsReplyCarriesTheErrorCode() throws Exception {
        byte[] request = hex("47424c04 05 001932000058 3b");
        byte[] reply = hex("47424c04 05 001932000058 00 3b");
        assertThat(Gbl4Frames.encode(new Gbl4Request.Reset(MAC))).hasSize(12).isEqualTo(request);
        assertThat(Gbl4Frames.decodeRequest(request)).isEqualTo(new Gbl4Request.Reset(MAC));
        assertThat(Gbl4Frames.encode(new Gbl4Reply.ResetAck(MAC, 0))).isEqualTo(reply);
        assertThat(Gbl4Frames.decodeReply(reply)).isEqualTo(new Gbl4Reply.ResetAck(MAC, 0));
    }

    @Test
    void netconfTo10005Slash24Gateway10001PhyAutoNoDhcpPort80() throws Exception {
        byte[] request = hex("47424c04 02 001932000058 0a000005 ffffff00 0a000001 03 00 0050 94");
        byte[] reply = hex("47424c04 02 001932000058 00 3c");
        NetConf netConf = new NetConf(Ipv4Address.parse("10.0.0.5"), Ipv4Address.parse("255.255.255.0"),
                Ipv4Address.parse("10.0.0.1"), NetConf.PHY_PROBE_AUTO, 0, 80);

        assertThat(Gbl4Frames.encode(new Gbl4Request.SetNetconf(MAC, netConf))).hasSize(28).isEqualTo(request);
        assertThat(Gbl4Frames.decodeRequest(request)).isEqualTo(new Gbl4Request.SetNetconf(MAC, netConf));
        assertThat(Gbl4Frames.encode(new Gbl4Reply.SetNetconfAck(MAC, 0))).isEqualTo(reply);
        assertThat(Gbl4Frames.decodeReply(reply)).isEqualTo(new Gbl4Reply.SetNetconfAck(MAC, 0));
    }

    @Test
    void flashPrepFor1300ByteImageAnnouncesThreePagesWithCrc0x40() throws Exception {
        byte[] wire = hex("47424c04 03 001932000058 0003 40 7e");
        assertThat(Gbl4Frames.encode(new Gbl4Request.FlashPrep(MAC, 3, 0x40))).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeRequest(wire)).isEqualTo(new Gbl4Request.FlashPrep(MAC, 3, 0x40));
        assertThat(Gbl4Frames.encode(new Gbl4Reply.FlashPrepAck(MAC, 3, 0x40))).isEqualTo(wire);
        assertThat(Gbl4Frames.decodeReply(wire)).isEqualTo(new Gbl4Reply.FlashPrepAck(MAC, 3, 0x40));
    }

    @Test
    void flashPageIs526BytesAndItsReplyNamesThePage() throws Exception {
        byte[] data = new byte[512];
        data[0] = 0x12;
        data[511] = 0x34;
        byte[] request = Gbl4Frames.encode(new Gbl4Request.FlashPage(MAC, 2, data));

        assertThat(request).hasSize(526);
        assertThat(HexFormat.of().formatHex(request, 0, 14)).isEqualTo("47424c0404" + "001932000058" + "0002" + "12");
        assertThat(request[request.length - 1]).isEqualTo((byte) (0x4d ^ 0x04 ^ 0x19 ^ 0x32 ^ 0x58 ^ 0x02 ^ 0x12 ^ 0x34));
        assertThat(Gbl4Frames.decodeRequest(request)).isEqualTo(new Gbl4Request.FlashPage(MAC, 2, data));

        byte[] reply = Gbl4Frames.encode(new Gbl4Reply.FlashPageAck(MAC, 2));
        assertThat(reply).isEqualTo(hex("47424c04 04 001932000058 0002 " + String.format("%02x",
                0x4d ^ 0x04 ^ 0x19 ^ 0x32 ^ 0x58 ^ 0x02)));
        assertThat(Gbl4Frames.decodeReply(reply)).isEqualTo(new Gbl4Reply.FlashPageAck(MAC, 2));
    }

    @Test
    void scanReplyIs36BytesWithTheDevicesIdentityAndSettings() throws Exception {
        byte[] wire = hex("47424c04 01 001932000058 0050 0102 0107 00 7f000001 ff000000 0a000001 03 07 00 1f90 6b");
        DeviceInfo info = new DeviceInfo(MAC, 0x0050, 1, 2, 1, 7, DeviceInfo.DEVMODE_OPERATIONAL,
                Ipv4Address.parse("127.0.0.1"), Ipv4Address.parse("255.0.0.0"), Ipv4Address.parse("10.0.0.1"),
                NetConf.PHY_PROBE_AUTO, 0x07, 0, 8080);

        assertThat(Gbl4Frames.encode(new Gbl4Reply.NetconfInfo(info))).hasSize(36).isEqualTo(wire);
        Gbl4Reply decoded = Gbl4Frames.decodeReply(wire);
        assertThat(decoded).isEqualTo(new Gbl4Reply.NetconfInfo(info));
        DeviceInfo read = ((Gbl4Reply.NetconfInfo) decoded).info();
        assertThat(read.isBerofos()).isTrue();
        assertThat(read.flashMode()).isFalse();
        assertThat(read.phyState()).isEqualTo(DeviceInfo.PHY_LINK_BEAT | DeviceInfo.PHY_LINK_100MBIT
                | DeviceInfo.PHY_LINK_FDX);
        assertThat(read.netConf().dhcp()).isFalse();
        assertThat(read.httpPort()).isEqualTo(8080);
    }

    @Test
    void checksumIsThePrefixMagic0x4dXorCommandXorPayload() {
        byte[] kick = Gbl4Frames.encode(new Gbl4Request.Kick(MAC));
        assertThat(Gbl4Frames.checksum(kick, 4)).isEqualTo(0x4d);
        assertThat(kick[kick.length - 1] & 0xff).isEqualTo(0x4d ^ 0x0b ^ 0x19 ^ 0x32 ^ 0x58);
    }
}
