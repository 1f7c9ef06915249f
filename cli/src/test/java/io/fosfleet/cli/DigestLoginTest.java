package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.simulator.HttpAuth;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bnfos against a device that challenges with HTTP Digest instead of Basic, as the reference tool logs in to it. */
class DigestLoginTest {

    private static final String PASSWORD = "s3cret";

    private static SimulatedRack rack;

    private final Cli cli = new Cli();

    @BeforeAll
    static void startDevice() {
        rack = SimulatedRack.start(1, Map.of());
        String host = rack.host(0);
        assertThat(new Cli().run("--set", "apwd=" + PASSWORD, "-h", host, "-p", "8080").status()).isZero();
        assertThat(new Cli().run("--set", "pwd=1", "-h", host, "-p", "8080").status()).isZero();
        rack.device(0).httpAuth(HttpAuth.DIGEST);
    }

    @AfterAll
    static void stopDevice() {
        rack.close();
    }

    private Cli.Result run(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "-h";
        all[args.length + 1] = rack.host(0);
        all[args.length + 2] = "-p";
        all[args.length + 3] = "8080";
        return cli.run(all);
    }

    @Test
    void theRightPasswordWorksWithDigest() {
        assertThat(run("--set", "mode=1", "-u", "admin:" + PASSWORD))
                .isEqualTo(new Cli.Result(0, "", "Setting mode succeeded!\n"));
        assertThat(rack.device(0).status().relayMode().wireValue()).isEqualTo(1);
        assertThat(run("--get", "mode", "-u", "admin:" + PASSWORD)).isEqualTo(new Cli.Result(0, "", "mode = 1\n"));
    }

    @Test
    void aWrongPasswordIsRefusedWithTheUsualMessage() {
        assertThat(run("--get", "mode", "-u", "admin:wrong")).isEqualTo(new Cli.Result(1, "",
                "Invalid username/password to get configuration!\nRetrieving configuration and status failed!\n"));
        assertThat(run("--set", "power2=1", "-u", "admin:wrong")).isEqualTo(new Cli.Result(1, "",
                "Invalid username/password to change value!\nSetting power2 failed!\n"));
        assertThat(rack.device(0).status().power2()).isFalse();
    }
}
