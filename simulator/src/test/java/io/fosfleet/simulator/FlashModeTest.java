package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static io.fosfleet.simulator.TestDevices.frame;
import static io.fosfleet.simulator.TestDevices.gbl4;
import static io.fosfleet.simulator.TestDevices.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Frames;
import io.fosfleet.protocol.gbl4.Gbl4Reply;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flash mode (booted with the black key): GBL4 only; netconf at the next restart; factory reset; flashing. */
class FlashModeTest {

    Simulator sim;
    SimulatedDevice fos;
    Ipv4Address attachment;

    @BeforeEach
    void bootWithTheKeyHeld() {
        sim = TestDevices.one(Map.of(Key.HOSTNAME, "rack7", Key.PWD, "1", Key.APWD, "secret"));
        fos = sim.device(MAC);
        attachment = fos.address();
        fos.bootFlashMode();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void inFlashModeOnlyGbl4WorksAndTheWatchdogCannotBeKicked() throws Exception {
        DeviceInfo info = scan();

        assertThat(info.devmode()).isEqualTo(DeviceInfo.DEVMODE_FLASH);
        assertThat(fos.status().mode()).isEqualTo(DeviceMode.FLASH);
        assertThat(fos.status().leds().d()).isEqualTo(Leds.RED_BLINKING);
        assertThat(gbl4(attachment, frame("09 001932000058 0000"))).isPresent();
        assertThat(gbl4(attachment, frame("0b 001932000058 00"))).isEmpty();
        assertThatThrownBy(() -> TestDevices.get(fos, "/config.txt")).isInstanceOf(ConnectException.class);
    }

    @Test
    void netconfIsStoredAndTakesEffectAtTheNextRestart() throws Exception {
        byte[] reply = gbl4(attachment, hex("47424c04 02 001932000058 0a000005 ffffff00 0a000001 03 00 0050 94"))
                .orElseThrow();

        assertThat(hex(reply)).isEqualTo("47424c0402001932000058003c");
        assertThat(scan().address()).as("still the running address").isEqualTo(attachment);
        assertThat(fos.value(Key.ADDRESS)).isEqualTo("10.0.0.5");
        assertThat(fos.value(Key.NETMASK)).isEqualTo("255.255.255.0");
        assertThat(fos.value(Key.GATEWAY)).isEqualTo("10.0.0.1");
        assertThat(fos.value(Key.PORT)).isEqualTo("80");
        assertThat(fos.value(Key.PWD)).as("the netconf's HTTP auth bit").isEqualTo("0");

        // A new loopback address of the same block can really be taken into use.
        Ipv4Address moved = new Ipv4Address(attachment.bits() + 1);
        gbl4(attachment, frame("02 001932000058 " + hex(moved.octets()) + " ff000000 00000000 03 00 1f91"))
                .orElseThrow();
        fos.powerCycle();

        assertThat(fos.address()).isEqualTo(moved);
        assertThat(fos.httpPort()).isEqualTo(8081);
        assertThat(TestDevices.get(fos, "/config.txt").body()).contains("3_ip=" + moved + "\n", "3_port=8081\n");
        assertThat(gbl4(attachment, frame("09 001932000058 0000"))).as("nobody left at the old address").isEmpty();
    }

    @Test
    void factoryResetLeavesTheDeviceWithoutFirmwareInFlashModeUntilFlashed() throws Exception {
        byte[] reply = gbl4(attachment, hex("47424c04 05 001932000058 3b")).orElseThrow();
        assertThat(hex(reply)).isEqualTo("47424c0405001932000058003b");

        fos.powerCycle();
        DeviceInfo info = scan();
        assertThat(info.devmode()).as("no firmware: flash mode without the key").isEqualTo(DeviceInfo.DEVMODE_FLASH);
        assertThat(info.firmwareMajor() * 10 + info.firmwareMinor()).isZero();
        assertThat(info.options()).as("DHCP on, no HTTP auth").isEqualTo(0x01);
        assertThat(info.address()).as("leased by the simulated DHCP server").isEqualTo(attachment);
        assertThat(fos.status().firmwareVersion()).isEmpty();

        // Flash the worked example's 1300-byte image (3 pages, XOR 0x40) page by page.
        byte[] image = new byte[1300];
        Arrays.fill(image, (byte) 0x11);
        image[0] = 0x51;
        assertThat(Gbl4Frames.checksum(image, image.length)).isEqualTo(0x40);
        assertThat(gbl4(attachment, hex("47424c04 03 001932000058 0003 40 7e"))).hasValueSatisfying(
                echo -> assertThat(hex(echo)).isEqualTo("47424c0403001932000058000340" + "7e"));
        for (int page = 0; page < 3; page++) {
            byte[] data = Arrays.copyOf(Arrays.copyOfRange(image, page * 512, Math.min(1300, page * 512 + 512)), 512);
            String curpage = String.format("%04x", page);
            assertThat(gbl4(attachment, frame("04 001932000058 " + curpage + hex(data)))).hasValueSatisfying(
                    ack -> assertThat(hex(ack)).isEqualTo(hex(frame("04 001932000058 " + curpage))));
        }
        assertThat(fos.firmwareImage()).hasValueSatisfying(
                stored -> assertThat(Arrays.copyOf(stored, 1300)).isEqualTo(image));

        // DHCP on (factory) and port 8080, then the flashed firmware runs after the restart.
        gbl4(attachment, frame("02 001932000058 00000000 00000000 00000000 03 01 1f90")).orElseThrow();
        fos.powerCycle();
        assertThat(fos.status().mode()).isEqualTo(DeviceMode.OPERATIONAL);
        String config = TestDevices.get(fos, "/config.txt").body();
        assertThat(config).as("factory settings, no password").contains("3_dn=berofos\n", "3_dhcp=1\n", "3_pwd=0\n");
    }

    @Test
    void aFlashWithTheWrongChecksumLeavesNoFirmware() throws Exception {
        gbl4(attachment, frame("03 001932000058 0001 7f")).orElseThrow();
        gbl4(attachment, frame("04 001932000058 0000" + "00".repeat(512))).orElseThrow();
        fos.powerCycle();

        assertThat(fos.status().mode()).isEqualTo(DeviceMode.FLASH);
        assertThat(fos.status().firmwareVersion()).isEmpty();
    }

    private DeviceInfo scan() throws Exception {
        return ((Gbl4Reply.NetconfInfo) Gbl4Frames.decodeReply(gbl4(fos.address(), hex("47424c04014c"))
                .orElseThrow())).info();
    }
}
