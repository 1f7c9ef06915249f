package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static io.fosfleet.simulator.TestDevices.frame;
import static io.fosfleet.simulator.TestDevices.gbl4;
import static io.fosfleet.simulator.TestDevices.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.syslog.SyslogCode;
import io.fosfleet.testing.sinks.SyslogListener;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Power-up defaults, power off, scenario semantics, power ports, and settings that survive power and restarts. */
class PowerAndScenarioTest {

    @Test
    void powerUpAppliesTheDefaultsBeepsAndSaysPowerup() throws Exception {
        try (SyslogListener syslog = SyslogListener.start();
                Simulator sim = TestDevices.one(Map.of(Key.MODEDEF, "1", Key.POWER1DEF, "1", Key.WDOGDEF, "1",
                        Key.SYSLOG, "1", Key.SLGIP, "127.0.0.1", Key.SLGPT, Integer.toString(syslog.port())))) {
            SimulatedDevice fos = sim.device(MAC);
            syslog.awaitContaining(SyslogCode.POWERUP.message(), Duration.ofSeconds(5));

            DeviceStatus up = fos.status();
            assertThat(up.relayMode()).isEqualTo(RelayMode.A_B);
            assertThat(up.power1()).isTrue();
            assertThat(up.power2()).isFalse();
            assertThat(up.watchdogState()).isEqualTo(1);
            assertThat(up.watchdogSecondsLeft()).isBetween(59, 60);
            assertThat(up.beeper().beeps()).isEqualTo(1);
            assertThat(up.leds()).isEqualTo(new Leds(Leds.GREEN, Leds.GREEN, Leds.GREEN, Leds.RED, Leds.RED,
                    Leds.GREEN, Leds.RED, Leds.OFF));

            get(fos, "/?cmd=4&mode=0");
            get(fos, "/?cmd=5&p=1&s=1");
            get(fos, "/?cmd=6&wen=0");
            fos.powerCycle();

            DeviceStatus again = fos.status();
            assertThat(again.relayMode()).isEqualTo(RelayMode.A_B);
            assertThat(again.power2()).isFalse();
            assertThat(again.watchdogState()).isEqualTo(1);
            assertThat(again.beeper().beeps()).isEqualTo(2);
        }
    }

    @Test
    void switchedOffTheRelaysRestAtAdAndTheDeviceIsSilent() throws Exception {
        try (Simulator sim = TestDevices.one(Map.of(Key.MODEDEF, "1", Key.POWER1DEF, "1"))) {
            SimulatedDevice fos = sim.device(MAC);
            fos.powerOff();

            DeviceStatus off = fos.status();
            assertThat(off.mode()).isEqualTo(DeviceMode.OFF);
            assertThat(off.relayMode()).isEqualTo(RelayMode.A_D);
            assertThat(off.power1()).isFalse();
            assertThat(off.leds()).isEqualTo(Leds.DARK);
            assertThat(gbl4(fos.address(), frame("09 001932000058 0000"))).isEmpty();
            assertThatThrownBy(() -> get(fos, "/config.txt")).isInstanceOf(ConnectException.class);

            fos.powerOn();
            assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);
            assertThat(get(fos, "/config.txt").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void bypassModeOneConnectsAbAndCdAndEachChangeIsReported() throws Exception {
        try (SyslogListener syslog = SyslogListener.start();
                Simulator sim = TestDevices.one(Map.of(Key.SYSLOG, "1", Key.SLGIP, "127.0.0.1",
                        Key.SLGPT, Integer.toString(syslog.port())))) {
            SimulatedDevice fos = sim.device(MAC);

            get(fos, "/?cmd=1&sz=1");
            syslog.awaitContaining(SyslogCode.SCENARIO_BYPASS.message(), Duration.ofSeconds(5));
            get(fos, "/?cmd=4&mode=1");
            syslog.awaitContaining(SyslogCode.RELAY_A_B_C_D.message(), Duration.ofSeconds(5));

            assertThat(fos.status().connections()).isEqualTo("A-B,C-D");
            assertThat(fos.status().leds()).extracting(Leds::a, Leds::b, Leds::c, Leds::d)
                    .containsExactly(Leds.GREEN, Leds.GREEN, Leds.GREEN, Leds.GREEN);
            assertThat(get(fos, "/").body()).contains("<td>C-D</td><td class=\"on\">connected");

            get(fos, "/?cmd=1&sz=0");
            syslog.awaitContaining(SyslogCode.SCENARIO_FALLBACK.message(), Duration.ofSeconds(5));
            assertThat(fos.status().connections()).isEqualTo("A-B");
            assertThat(fos.status().leds()).extracting(Leds::c, Leds::d).containsExactly(Leds.RED, Leds.RED);

            get(fos, "/?cmd=4&mode=0");
            syslog.awaitContaining(SyslogCode.RELAY_A_D.message(), Duration.ofSeconds(5));
            get(fos, "/?cmd=5&p=0&s=1");
            get(fos, "/?cmd=5&p=1&s=1");
            get(fos, "/?cmd=5&p=0&s=0");
            get(fos, "/?cmd=5&p=1&s=0");
            for (SyslogCode code : new SyslogCode[] {SyslogCode.POWER1_ON, SyslogCode.POWER2_ON,
                    SyslogCode.POWER1_OFF, SyslogCode.POWER2_OFF}) {
                syslog.awaitContaining(code.message(), Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void settingsSurviveAPowerCycleAndASimulatorRestartWithAStateDirectory(@TempDir Path state) throws Exception {
        SimulatorConfig config = SimulatorConfig.of(TestDevices.specs(1, Map.of())).withStateDir(state);
        try (Simulator sim = Simulator.start(config)) {
            SimulatedDevice fos = sim.device(MAC);
            get(fos, "/?cmd=3&dn=fos-kept&apwd=k33p&pwd=1");
            get(fos, "/?cmd=1&sz=1", HttpTest.basic("admin", "k33p"));
            fos.powerCycle();
            assertThat(get(fos, "/config.txt", HttpTest.basic("admin", "k33p")).body())
                    .contains("3_dn=fos-kept\n", "1_sz=1\n");
        }
        String stateFile = Files.readString(state.resolve("00-19-32-00-00-58.json"));
        assertThat(stateFile).contains("fos-kept");

        try (Simulator sim = Simulator.start(config)) {
            SimulatedDevice fos = sim.device(MAC);
            assertThat(get(fos, "/config.txt").statusCode()).isEqualTo(401);
            assertThat(get(fos, "/config.txt", HttpTest.basic("admin", "k33p")).body())
                    .contains("3_dn=fos-kept\n", "1_sz=1\n", "3_pwd=1\n");
        }
    }
}
