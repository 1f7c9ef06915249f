package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.protocol.Key;
import io.fosfleet.simulator.NetworkConditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GBL4 modes (scan, kick, ping, netconf, reset, flash) against simulated devices: exact standard output,
 * standard error and exit status.
 */
class Gbl4ModesTest {

    private static final int OPERATIONAL = 0;
    private static final int FLASH_MODE = 1;
    private static final int TO_RESET = 2;
    private static final int SILENT = 3;

    private static SimulatedRack rack;

    private final Cli cli = new Cli();

    @BeforeAll
    static void startDevices() {
        rack = SimulatedRack.start(4, Map.of());
        rack.device(FLASH_MODE).bootFlashMode();
        rack.device(TO_RESET).bootFlashMode();
        rack.device(SILENT).network(NetworkConditions.cutOff());
    }

    @AfterAll
    static void stopDevices() {
        rack.close();
    }

    @Test
    void kickAnsweredByTheDevice() {
        Cli.Result r = cli.run("--kick", "-m", rack.mac(OPERATIONAL), "-h", rack.host(OPERATIONAL));

        assertThat(r).isEqualTo(new Cli.Result(0, "", "Watchdog successfully kicked!\n"));
    }

    @Test
    void kickOfASilentDeviceFailsAfterTheTimeout() {
        long start = System.nanoTime();
        Cli.Result r = cli.run("--kick", "-m", rack.mac(SILENT), "-h", rack.host(SILENT), "-t", "1");

        assertThat(r).isEqualTo(new Cli.Result(1, "", "Watchdog did not response!\n"));
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 4000L);
    }

    @Test
    void kickWithAMacNoDeviceHasGoesUnanswered() {
        Cli.Result r = cli.run("--kick", "-m", "00:19:32:FF:FF:FF", "-h", rack.host(OPERATIONAL), "-t", "1");

        assertThat(r).isEqualTo(new Cli.Result(1, "", "Watchdog did not response!\n"));
    }

    @Test
    void ping() {
        assertThat(cli.run("--ping", "-m", rack.mac(OPERATIONAL), "-h", rack.host(OPERATIONAL)))
                .isEqualTo(new Cli.Result(0, "", "Ping succeeded!\n"));
        assertThat(cli.run("--ping", "-m", rack.mac(SILENT), "-h", rack.host(SILENT), "-t", "1"))
                .isEqualTo(new Cli.Result(1, "", "Ping failed!\n"));
    }

    @Test
    void scanListsTheDeviceOnStandardOutputAndCountsOnStandardError() {
        Cli.Result r = cli.run("--scan", "-h", rack.host(OPERATIONAL), "-t", "1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("#1:\n"
                + " mac: " + rack.mac(OPERATIONAL) + "\n"
                + " bootloader: v1.2\n"
                + " firmware: v1.7\n"
                + " device mode: OPERATIONAL\n"
                + "\n"
                + " address: " + rack.host(OPERATIONAL) + "\n"
                + " netmask: 255.0.0.0\n"
                + " gateway: 0.0.0.0\n"
                + " phy conf: 0x03 (PROBE_AUTO)\n"
                + " phy state: 0x07 (LINK_BEAT | LINK_100MBIT | LINK_FDX)\n"
                + " options: 0x00 \n"
                + " http port: 8080\n"
                + "\n");
        assertThat(r.err()).isEqualTo("\n1 device found.\n\n");
    }

    @Test
    void scanShowsFlashMode() {
        Cli.Result r = cli.run("--scan", "-h", rack.host(FLASH_MODE), "-t", "1");

        assertThat(r.out()).contains(" mac: " + rack.mac(FLASH_MODE) + "\n").contains(" device mode: FLASH MODE\n");
    }

    @Test
    void scanWhereNothingAnswersSucceedsWithNoDevice() {
        Cli.Result r = cli.run("--scan", "-h", rack.host(SILENT), "-t", "1");

        assertThat(r).isEqualTo(new Cli.Result(0, "", "\n0 devices found.\n\n"));
    }

    @Test
    void netconfWritesTheNetworkSettingsOfADeviceInFlashMode() {
        String host = rack.host(FLASH_MODE);
        Cli.Result r = cli.run("--netconf", "-m", rack.mac(FLASH_MODE), "-h", host, "-i", host, "-g", "127.0.0.254",
                "-d", "0", "-a", "1", "-p", "8080");

        assertThat(r).isEqualTo(new Cli.Result(0, "", "Setting network configuration succeeded!\n"));
        assertThat(rack.device(FLASH_MODE).value(Key.ADDRESS)).isEqualTo(host);
        assertThat(rack.device(FLASH_MODE).value(Key.NETMASK)).as("class A").isEqualTo("255.0.0.0");
        assertThat(rack.device(FLASH_MODE).value(Key.GATEWAY)).isEqualTo("127.0.0.254");
        assertThat(rack.device(FLASH_MODE).value(Key.DHCP)).isEqualTo("0");
        assertThat(rack.device(FLASH_MODE).value(Key.PWD)).isEqualTo("1");
    }

    @Test
    void netconfOfAnOperationalDeviceFailsWithItsErrorCode() {
        Cli.Result r = cli.run("--netconf", "-m", rack.mac(OPERATIONAL), "-h", rack.host(OPERATIONAL));

        assertThat(r).isEqualTo(new Cli.Result(1, "",
                "Device reported error code 1!\nSetting network configuration failed!\n"));
    }

    @Test
    void resetOfADeviceInFlashMode() {
        assertThat(cli.run("--reset", "-m", rack.mac(TO_RESET), "-h", rack.host(TO_RESET)))
                .isEqualTo(new Cli.Result(0, "", "Reset succeeded!\n"));
        assertThat(cli.run("--reset", "-m", rack.mac(OPERATIONAL), "-h", rack.host(OPERATIONAL)))
                .isEqualTo(new Cli.Result(1, "", "Device reported error code 1!\nReset failed!\n"));
    }

    @Test
    void flashSendsTheImagePageByPage(@TempDir Path dir) throws Exception {
        byte[] image = new byte[1300];
        new Random(7).nextBytes(image);
        Path file = Files.write(dir.resolve("firmware.bin"), image);

        Cli.Result r = cli.run("--flash", file.toString(), "-m", rack.mac(FLASH_MODE), "-h", rack.host(FLASH_MODE));

        assertThat(r).isEqualTo(new Cli.Result(0, "", "\rPage 1 of 3 flashed...\rPage 2 of 3 flashed..."
                + "\rPage 3 of 3 flashed...\nFlashing succeeded!\n"));
        assertThat(rack.device(FLASH_MODE).firmwareImage()).hasValueSatisfying(
                written -> assertThat(written).startsWith(image));
    }

    @Test
    void flashNeedsADeviceInFlashModeAndAFile(@TempDir Path dir) throws Exception {
        String file = Files.write(dir.resolve("firmware.bin"), new byte[] {1, 2, 3}).toString();

        assertThat(cli.run("--flash", file, "-m", rack.mac(OPERATIONAL), "-h", rack.host(OPERATIONAL)))
                .isEqualTo(new Cli.Result(1, "", "Device not in flashmode!\n"));
        assertThat(cli.run("--flash", file, "-m", rack.mac(SILENT), "-h", rack.host(SILENT), "-t", "1"))
                .isEqualTo(new Cli.Result(1, "", "Device not found!\n"));
        assertThat(cli.run("--flash", dir.resolve("missing.bin").toString(), "-m", rack.mac(FLASH_MODE), "-h",
                rack.host(FLASH_MODE)))
                .isEqualTo(new Cli.Result(1, "", "Could not open firmware file: No such file or directory\n"));
    }
}
