package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.simulator.NetworkConditions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code -c} (repeat), {@code -s} (syslog) and {@code -b} (background), in this JVM. */
class LoopAndSyslogTest {

    private static final int ANSWERING = 0;
    private static final int SILENT = 1;

    private static SimulatedRack rack;
    private SyslogSink syslog;

    @BeforeAll
    static void startDevices() {
        rack = SimulatedRack.start(2, Map.of());
        rack.device(SILENT).network(NetworkConditions.cutOff());
    }

    @AfterAll
    static void stopDevices() {
        rack.close();
    }

    @BeforeEach
    void openSyslog() throws IOException {
        syslog = new SyslogSink();
    }

    @AfterEach
    void closeSyslog() {
        syslog.close();
    }

    @Test
    void continuousKickRepeatsAfterTheWaitTime() {
        Cli cli = new Cli().rounds(3);

        Cli.Result r = cli.run("--kick", "-m", rack.mac(ANSWERING), "-h", rack.host(ANSWERING), "-c", "-w", "5");

        assertThat(r).isEqualTo(new Cli.Result(0, "", "Watchdog successfully kicked!\n".repeat(3)));
        assertThat(cli.pauses()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void theLoopGoesOnWhenTheDeviceDoesNotAnswer() {
        Cli.Result r = new Cli().rounds(2).run("--kick", "-m", rack.mac(SILENT), "-h", rack.host(SILENT), "-c", "-t",
                "1");

        assertThat(r).isEqualTo(new Cli.Result(1, "", "Watchdog did not response!\n".repeat(2)));
    }

    @Test
    void continuousGetPrintsTheValueEachRound() {
        Cli.Result r = new Cli().rounds(2).run("--get", "wdog", "-h", rack.host(ANSWERING), "-p", "8080", "-c");

        assertThat(r).isEqualTo(new Cli.Result(0, "", "wdog = 0\nwdog = 0\n"));
    }

    @Test
    void syslogTakesTheMessagesAndStandardErrorStaysEmpty() {
        Cli cli = new Cli().env(LocalSyslog.TARGET_ENV, syslog.target());

        assertThat(cli.run("--kick", "-s", "-m", rack.mac(ANSWERING), "-h", rack.host(ANSWERING)))
                .isEqualTo(new Cli.Result(0, "", ""));
        assertThat(cli.run("--ping", "-s", "-m", rack.mac(SILENT), "-h", rack.host(SILENT), "-t", "1"))
                .isEqualTo(new Cli.Result(1, "", ""));

        await().atMost(Duration.ofSeconds(5)).until(() -> syslog.messages().size() == 2);
        assertThat(syslog.withoutTimestamps()).containsExactly(
                "<13>bnfos: Watchdog successfully kicked!", "<12>bnfos: Ping failed!");
        assertThat(syslog.messages().get(0)).matches("<13>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d bnfos: .*");
    }

    @Test
    void withSyslogTheScanListingStillGoesToStandardOutput() {
        Cli.Result r = new Cli().env(LocalSyslog.TARGET_ENV, syslog.target())
                .run("--scan", "-s", "-h", rack.host(ANSWERING), "-t", "1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("#1:\n mac: " + rack.mac(ANSWERING) + "\n");
        assertThat(r.err()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> !syslog.messages().isEmpty());
        assertThat(syslog.withoutTimestamps()).containsExactly("<13>bnfos: 1 device found.");
    }

    @Test
    void aTimeoutDoesNotSwitchToSyslog() {
        Cli.Result r = new Cli().env(LocalSyslog.TARGET_ENV, syslog.target())
                .run("--kick", "-t", "1", "-m", rack.mac(ANSWERING), "-h", rack.host(ANSWERING));

        assertThat(r).isEqualTo(new Cli.Result(0, "", "Watchdog successfully kicked!\n"));
    }

    @Test
    void backgroundStartsTheSameCommandWithSyslogInsteadOfBackgroundAndReturnsAtOnce() {
        List<List<String>> started = new ArrayList<>();
        String[] args = {"--kick", "-m", rack.mac(ANSWERING), "-cbw", "1", "--conf", "/srv/fos.conf"};
        Cli cli = new Cli().env(LocalSyslog.TARGET_ENV, syslog.target()).detacher((own, background) -> {
            assertThat(own).isEqualTo(args);
            started.add(background);
        });

        Cli.Result r = cli.run(args);

        assertThat(r).isEqualTo(new Cli.Result(0, "", ""));
        assertThat(started).containsExactly(List.of("--kick", "-m", rack.mac(ANSWERING), "-c", "-w", "1", "-s",
                "--conf", "/srv/fos.conf"));
        assertThat(syslog.messages()).isEmpty();
    }

    @Test
    void whenTheBackgroundProcessCannotStartSyslogSaysSo() {
        Cli cli = new Cli().env(LocalSyslog.TARGET_ENV, syslog.target()).detacher((own, background) -> {
            throw new IOException("no java");
        });

        assertThat(cli.run("--kick", "-b", "-m", rack.mac(ANSWERING))).isEqualTo(new Cli.Result(1, "", ""));
        await().atMost(Duration.ofSeconds(5)).until(() -> !syslog.messages().isEmpty());
        assertThat(syslog.withoutTimestamps()).containsExactly("<11>bnfos: Could not fork, exiting!");
    }
}
