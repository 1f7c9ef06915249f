package io.fosfleet.gateway.event;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.protocol.syslog.SyslogCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangesTest {

    private static final Map<String, String> ARMED = Map.of("scenario", "0", "mode", "1", "power1", "0",
            "power2", "0", "wdog", "1", "wdogstate", "1", "wdogrtime", "57", "wdogitime", "60");
    /** What the device reports after its watchdog ran out: relay A-D, state failure. */
    private static final Map<String, String> FAILED = with(ARMED, "mode", "0", "wdogstate", "2", "wdogrtime", "0");

    private static Map<String, String> with(Map<String, String> values, String... keyValues) {
        Map<String, String> copy = new java.util.HashMap<>(values);
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put(keyValues[i], keyValues[i + 1]);
        }
        return Map.copyOf(copy);
    }

    @Test
    void watchdogRunsOutRelayToAdThenFailoverAsTheDeviceReportsIt() {
        assertThat(Changes.between(ARMED, FAILED)).extracting(Changes.Change::type, Changes.Change::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeviceEvent.Type.RELAY_CHANGED, SyslogCode.RELAY_A_D),
                        org.assertj.core.groups.Tuple.tuple(DeviceEvent.Type.FAILOVER, SyslogCode.WDOG_FAILOVER_TIMEOUT));
    }

    @Test
    void watchdogStartedFromFailureIsARearmNotASwitchOn() {
        assertThat(Changes.between(FAILED, with(FAILED, "wdogstate", "1")))
                .singleElement().satisfies(c -> assertThat(c.type()).isEqualTo(DeviceEvent.Type.REARMED));
        assertThat(Changes.between(FAILED, with(FAILED, "wdogstate", "0", "wdog", "0")))
                .singleElement().satisfies(c -> assertThat(c.code()).isEqualTo(SyslogCode.WDOG_OFF));
    }

    @Test
    void relayMeaningFollowsTheScenario() {
        Map<String, String> bypass = with(ARMED, "scenario", "1", "mode", "0");

        assertThat(Changes.between(bypass, with(bypass, "mode", "1"))).singleElement()
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
