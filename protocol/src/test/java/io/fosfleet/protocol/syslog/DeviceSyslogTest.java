package io.fosfleet.protocol.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The berofos:NN messages of docs/protocol.md §3, with the device's own spelling. */
class DeviceSyslogTest {

    @Test
    void aWatchdogFailoverReads42WithTheDevicesSpelling() throws Exception {
        assertThat(SyslogCode.WDOG_FAILOVER_TIMEOUT.message()).isEqualTo("berofos:42: Wdog swithed: Failover (timeout)");
        assertThat(DeviceSyslog.parse("berofos:42: Wdog swithed: Failover (timeout)"))
                .isEqualTo(SyslogCode.WDOG_FAILOVER_TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(SyslogCode.class)
    void everyMessageTheDeviceSendsIsReadBack(SyslogCode code) throws Exception {
        byte[] datagram = DeviceSyslog.datagram(code);

        assertThat(new String(datagram, StandardCharsets.US_ASCII)).isEqualTo("<13>" + code.message());
        assertThat(DeviceSyslog.parse(datagram, datagram.length)).isEqualTo(code);
    }

    @Test
    void aSyslogHeaderInFrontAndTrailingWhitespaceAreAccepted() throws Exception {
        assertThat(DeviceSyslog.parse("<13>Nov 27 10:00:00 fos1 berofos:21: Szenario changed: Bypass\n"))
                .isEqualTo(SyslogCode.SCENARIO_BYPASS);
        assertThat(DeviceSyslog.parse("berofos:00: Powerup")).isEqualTo(SyslogCode.POWERUP);
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertThatThrownBy(() -> DeviceSyslog.parse("berofos:99: Something new"))
                .isInstanceOf(SyslogParseException.class)
                .hasMessage("unknown berofos syslog code 99: 'berofos:99: Something new'");
    }

    @Test
    void aKnownCodeWithAnotherTextIsRefused() {
        assertThatThrownBy(() -> DeviceSyslog.parse("berofos:42: Wdog switched: Failover (timeout)"))
                .isInstanceOf(SyslogParseException.class)
                .hasMessageContaining("should read 'Wdog swithed: Failover (timeout)'");
    }

    @Test
    void otherMessagesAreNotBerofosMessages() {
        assertThatThrownBy(() -> DeviceSyslog.parse("<13>kernel: eth0 link up"))
                .isInstanceOf(SyslogParseException.class).hasMessageStartingWith("not a berofos syslog message");
    }

    @Test
    void relayMessagesDependOnTheScenario() {
        assertThat(SyslogCode.relay(RelayMode.A_D, Scenario.BYPASS)).isEqualTo(SyslogCode.RELAY_A_D);
        assertThat(SyslogCode.relay(RelayMode.A_B, Scenario.FALLBACK)).isEqualTo(SyslogCode.RELAY_A_B);
        assertThat(SyslogCode.relay(RelayMode.A_B, Scenario.BYPASS)).isEqualTo(SyslogCode.RELAY_A_B_C_D);
        assertThat(SyslogCode.scenario(Scenario.FALLBACK).message()).isEqualTo("berofos:20: Szenario changed: Fallback");
        assertThat(SyslogCode.power(2, false).message()).isEqualTo("berofos:33: PW2 Mode changed: off");
        assertThatThrownBy(() -> SyslogCode.power(3, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesAreLookedUpByNumber() {
        assertThat(SyslogCode.byCode(43)).contains(SyslogCode.WDOG_FAILOVER_STICKY);
        assertThat(SyslogCode.byCode(44)).isEmpty();
    }
}
