package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.protocol.Key;
import io.fosfleet.simulator.NetworkConditions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP modes (set, get, show) against simulated devices: exact texts and exit statuses, and their effect. */
class HttpModesTest {

    private static final int OPEN = 0;
    private static final int PROTECTED = 1;
    private static final int SILENT = 2;
    private static final String PASSWORD = "s3cret";

    private static SimulatedRack rack;

    private final Cli cli = new Cli();

    @BeforeAll
    static void startDevices() {
        rack = SimulatedRack.start(3, Map.of());
        String host = rack.host(PROTECTED);
        assertThat(cli().run("--set", "apwd=" + PASSWORD, "-h", host, "-p", "8080").status()).isZero();
        assertThat(cli().run("--set", "pwd=1", "-h", host, "-p", "8080").status()).isZero();
        rack.device(SILENT).network(NetworkConditions.cutOff());
    }

    @AfterAll
    static void stopDevices() {
        rack.close();
    }

    private static Cli cli() {
        return new Cli();
    }

    private Cli.Result run(int device, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        all[args.length] = "-h";
        all[args.length + 1] = rack.host(device);
        all[args.length + 2] = "-p";
        all[args.length + 3] = "8080";
        return cli.run(all);
    }

    @Test
    void showListsEveryReadableValueInTableOrder() {
        Cli.Result r = run(OPEN, "--show");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Configuration of device " + rack.host(OPEN) + ":\n scenario  = 0\n")
                .contains("\n port      = 8080\n", "\n wdogitime = ", "\n wdogrtime = 0\n")
                .endsWith("\n\n")
                .doesNotContain("apwd", "smtptest");
        List<String> keywords = r.err().lines().skip(1).filter(l -> !l.isEmpty())
                .map(l -> l.substring(1, 11).strip()).toList();
        assertThat(keywords).containsExactlyElementsOf(
                Arrays.stream(Key.values()).filter(Key::readable).map(Key::keyword).toList());
    }

    @Test
    void setChangesTheValueAndGetReadsItBack() {
        assertThat(run(OPEN, "--set", "Power1=yes")).isEqualTo(new Cli.Result(0, "", "Setting Power1 succeeded!\n"));
        assertThat(rack.device(OPEN).status().power1()).isTrue();
        assertThat(run(OPEN, "--get", "POWER1")).isEqualTo(new Cli.Result(0, "", "power1 = 1\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mode=2                     | Setting mode failed: Value has to be 0 or 1!",
        "address=10.0.0             | Setting address failed: No valid ip address!",
        "slgip=10.0.0.256           | Setting slgip failed: No valid ip address!",
        "port=0                     | Setting port failed: Value not in range 1 to 65535!",
        "wdogitime=65536            | Setting wdogitime failed: Value not in range 1 to 65535!",
        "apwd=sixteen-characters    | Setting apwd failed: Password exceeded length 15!",
        "wdogrtime=5                | Setting wdogrtime failed: This key cannot be set with bnfos!",
        "smtpserv=mail.example.com  | Setting smtpserv failed: This key cannot be set with bnfos!",
    })
    void badValuesAreRefusedBeforeAnythingIsSent(String pair, String message) {
        String before = rack.device(OPEN).value(Key.ADDRESS);

        assertThat(run(OPEN, "--set", pair)).isEqualTo(new Cli.Result(1, "", message + "\n"));
        assertThat(rack.device(OPEN).value(Key.ADDRESS)).isEqualTo(before);
    }

    @Test
    void aPasswordProtectedDeviceNeedsTheLogin() {
        assertThat(run(PROTECTED, "--show")).isEqualTo(new Cli.Result(1, "",
                "Invalid username/password to get configuration!\nRetrieving configuration and status failed!\n"));
        assertThat(run(PROTECTED, "--get", "mode", "-u", "admin:wrong")).isEqualTo(new Cli.Result(1, "",
                "Invalid username/password to get configuration!\nRetrieving configuration and status failed!\n"));
        assertThat(run(PROTECTED, "--set", "mode=1")).isEqualTo(new Cli.Result(1, "",
                "Invalid username/password to change value!\nSetting mode failed!\n"));

        assertThat(run(PROTECTED, "--set", "mode=1", "-u", "admin:" + PASSWORD))
                .isEqualTo(new Cli.Result(0, "", "Setting mode succeeded!\n"));
        assertThat(run(PROTECTED, "--get", "mode", "-u", "admin:" + PASSWORD))
                .isEqualTo(new Cli.Result(0, "", "mode = 1\n"));
    }

    @Test
    void aSilentDeviceTimesOutAndTheCommandFails() {
        assertThat(run(SILENT, "--get", "mode", "-t", "1")).isEqualTo(new Cli.Result(1, "",
                "Timeout was reached\nRetrieving configuration and status failed!\n"));
        assertThat(run(SILENT, "--set", "mode=1", "-t", "1")).isEqualTo(new Cli.Result(1, "",
                "Timeout was reached\nSetting mode failed!\n"));
    }

    @Test
    void noWebServerAtThePort() {
        assertThat(cli.run("--show", "-h", rack.host(OPEN), "-p", "8081")).isEqualTo(new Cli.Result(1, "",
                "Couldn't connect to server\nRetrieving configuration and status failed!\n"));
    }
}
