package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static io.fosfleet.simulator.TestDevices.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.syslog.DeviceSyslog;
import io.fosfleet.protocol.syslog.SyslogCode;
import io.fosfleet.testing.sinks.SmtpSink;
import io.fosfleet.testing.sinks.SyslogListener;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watchdog end to end: kicks over GBL4, failover with syslog, mail and alarm, sticky failure, re-arming. */
class WatchdogTest {

    static final Gbl4Client.Options FAST = Gbl4Client.Options.defaults().withTimeout(Duration.ofMillis(500));

    SyslogListener syslog;
    SmtpSink smtp;
    Simulator sim;
    SimulatedDevice fos;
    Gbl4Client client;
    InetAddress host;

    @BeforeEach
    void start() throws Exception {
        syslog = SyslogListener.start();
        smtp = SmtpSink.start();
        sim = TestDevices.one(Map.of(Key.WDOGITIME, "2", Key.MODEDEF, "1", Key.SYSLOG, "1",
                Key.SLGIP, "127.0.0.1", Key.SLGPT, Integer.toString(syslog.port()),
                Key.WDOGMAIL, "1", Key.WDOGAUDIO, "1", Key.SMTPSERV, smtp.hostAndPort(),
                Key.SMTPTO, "noc@example.org", Key.HOSTNAME, "fos-a1"));
        fos = sim.device(MAC);
        host = fos.address().toInetAddress();
        client = Gbl4Client.open();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        sim.close();
        smtp.close();
        syslog.close();
    }

    @Test
    void keptKickedNoFailoverThenSilenceFailsOverToAdWithSyslogMailAndAlarm() throws Exception {
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);
        assertThat(get(fos, "/?cmd=6&wen=1").statusCode()).isEqualTo(200);
        awaitSyslog(SyslogCode.WDOG_ON);

        // Kicked twice a second for three seconds, longer than the 2 s interval: no failover.
        for (int i = 0; i < 6; i++) {
            client.kick(host, MAC, FAST).get();
            Thread.sleep(500);
        }
        assertThat(fos.status().watchdogState()).isEqualTo(1);
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);
        assertThat(fos.status().watchdogSecondsLeft()).isBetween(1, 2);

        // Not kicked any more: failover after the interval.
        client.kick(host, MAC, FAST).get();
        Thread.sleep(1000);
        assertThat(fos.status().watchdogState()).as("half-way through the interval").isEqualTo(1);
        SyslogListener.Message failover = awaitSyslog(SyslogCode.WDOG_FAILOVER_TIMEOUT);

        DeviceStatus failed = fos.status();
        assertThat(failed.relayMode()).isEqualTo(RelayMode.A_D);
        assertThat(failed.watchdogState()).isEqualTo(2);
        assertThat(failed.leds().fail()).isEqualTo(Leds.RED);
        assertThat(failed.leds().b()).isEqualTo(Leds.RED);
        assertThat(failed.leds().d()).isEqualTo(Leds.GREEN);
        assertThat(failed.beeper().alarm()).isTrue();
        assertThat(failover.source().getAddress()).as("sent by the device").isEqualTo(host);
        assertThat(failover.text()).isEqualTo("<13>berofos:42: Wdog swithed: Failover (timeout)");
        assertThat(get(fos, "/config.txt").body()).contains("4_mode=0\n", "6_wen=1\n", "6_wstate=2\n", "0_wretv=0\n");
        SmtpSink.Mail mail = smtp.awaitSubject("berofos fos-a1: watchdog failover", Duration.ofSeconds(5));
        assertThat(mail.to()).containsExactly("noc@example.org");
        assertThat(mail.body()).contains("Failover (timeout)", "A-D");

        // Kicks are answered but the failure is sticky.
        client.kick(host, MAC, FAST).get();
        assertThat(fos.status().watchdogState()).isEqualTo(2);
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_D);

        // Re-arm: watchdog on again with a full interval, the relay stays until mode is set.
        get(fos, "/?cmd=6&wen=1");
        assertThat(fos.status().watchdogState()).isEqualTo(1);
        assertThat(fos.status().watchdogSecondsLeft()).isEqualTo(2);
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_D);
        assertThat(fos.status().beeper().alarm()).isFalse();
        assertThat(fos.status().leds().fail()).isEqualTo(Leds.OFF);
        get(fos, "/?cmd=4&mode=1");
        awaitSyslog(SyslogCode.RELAY_A_B);
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);
    }

    @Test
    void wenZeroStopsTheWatchdogAndClearsTheFailureLeavingTheRelay() throws Exception {
        get(fos, "/?cmd=6&wstate=2");
        assertThat(fos.status().watchdogState()).isEqualTo(2);
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_D);

        get(fos, "/?cmd=6&wstate=0");

        assertThat(fos.status().watchdogState()).isZero();
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_D);
        assertThat(get(fos, "/config.txt").body()).contains("6_wen=0\n", "6_wstate=0\n");
        awaitSyslog(SyslogCode.WDOG_OFF);
    }

    @Test
    void bootingWithTheWatchdogEnabledAfterAFailureStaysFailedOverAndSays43() throws Exception {
        get(fos, "/?cmd=2&wen=1");
        get(fos, "/?cmd=6&wen=1");
        await().atMost(Duration.ofSeconds(5)).until(() -> fos.status().watchdogState() == 2);
        syslog.clear();

        fos.powerCycle();

        assertThat(fos.status().watchdogState()).isEqualTo(2);
        assertThat(fos.status().relayMode()).as("modedef says A-B, the failure wins").isEqualTo(RelayMode.A_D);
        awaitSyslog(SyslogCode.WDOG_FAILOVER_STICKY);
        assertThat(codes()).containsSubsequence(SyslogCode.POWERUP, SyslogCode.WDOG_FAILOVER_STICKY);

        // Once re-armed and kicked, the next power-up starts the watchdog normally.
        get(fos, "/?cmd=6&wen=1");
        syslog.clear();
        fos.powerCycle();
        awaitSyslog(SyslogCode.POWERUP);
        assertThat(fos.status().watchdogState()).isEqualTo(1);
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);
    }

    private SyslogListener.Message awaitSyslog(SyslogCode code) throws InterruptedException {
        return syslog.awaitContaining(code.message(), Duration.ofSeconds(5));
    }

    private List<SyslogCode> codes() {
        return syslog.messages().stream().map(m -> {
            try {
                return DeviceSyslog.parse(m.text());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
