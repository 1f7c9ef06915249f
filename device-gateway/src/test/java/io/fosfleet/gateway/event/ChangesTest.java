package io.fosfleet.gateway.event;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.protocol.syslog.SyslogCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangesTest {

    private static final Map<String, String> ARMED = Map.of("scenario", "0", "mode", "1", "power1", "0",
            "power2", "0", "wdog", "1", "wdogstate", "1", "wdogrtime", "57", "wdogitime", "60");

    @Test
    void watchdogRunsOutRelayToAdThenFailoverAsTheDeviceReportsIt() {
        Map<String, String> after = Changes.apply(SyslogCode.WDOG_FAILOVER_TIMEOUT, ARMED);

        assertThat(Changes.between(ARMED, after)).extracting(Changes.Change::type, Changes.Change::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeviceEvent.Type.RELAY_CHANGED, SyslogCode.RELAY_A_D),
                        org.assertj.core.groups.Tuple.tuple(DeviceEvent.Type.FAILOVER, SyslogCode.WDOG_FAILOVER_TIMEOUT));
        assertThat(after).containsEntry("wdogstate", "2").containsEntry("wdog", "1").containsEntry("mode", "0");
    }

    @Test
    void watchdogStartedFromFailureIsARearmNotASwitchOn() {
        Map<String, String> failed = Changes.apply(SyslogCode.WDOG_FAILOVER_TIMEOUT, ARMED);

        assertThat(Changes.between(failed, Changes.apply(SyslogCode.WDOG_ON, failed)))
                .singleElement().satisfies(c -> assertThat(c.type()).isEqualTo(DeviceEvent.Type.REARMED));
        assertThat(Changes.between(failed, Changes.apply(SyslogCode.WDOG_OFF, failed)))
                .singleElement().satisfies(c -> assertThat(c.code()).isEqualTo(SyslogCode.WDOG_OFF));
    }

    @Test
    void relayMeaningFollowsTheScenario() {
        Map<String, String> bypass = new java.util.HashMap<>(ARMED);
        bypass.put("scenario", "1");
        bypass.put("mode", "0");

        assertThat(Changes.between(bypass, Changes.apply(SyslogCode.RELAY_A_B_C_D, bypass))).singleElement()
                .satisfies(c -> {
                    assertThat(c.code()).isEqualTo(SyslogCode.RELAY_A_B_C_D);
                    assertThat(c.details()).containsEntry("relay", "A-B,C-D").containsEntry("meaning",
                            "PSTN through the new PBX (port B) to the legacy PBX (C-D)");
                });
    }

    @Test
    void theCountdownAndSettingsAreNoEvents() {
        Map<String, String> later = new java.util.HashMap<>(ARMED);
        later.put("wdogrtime", "12");
        later.put("wdogitime", "30");

        assertThat(Changes.between(ARMED, later)).isEmpty();
        assertThat(Changes.between(Map.of(), ARMED)).as("nothing known before: no changes").isEmpty();
    }
}
