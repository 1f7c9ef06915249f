package io.fosfleet.gateway.reconcile;

import io.fosfleet.protocol.Key;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DriftTest {

    @Test
    void desiredValuesAreComparedThroughTheKeyTableAndRuntimeStateIsNeverDrift() {
        Map<String, String> actual = Map.of("modedef", "1", "wdogitime", "60", "mode", "0", "power1", "0",
                "wdogstate", "2", "hostname", "fos-a");
        Map<String, String> desired = Map.of("modedef", "yes", "wdogitime", "30", "mode", "1", "power1", "1",
                "wdogstate", "1", "smtptest", "", "nonsense", "1", "hostname", "bad name!");

        assertThat(Drift.between(desired, actual)).containsOnlyKeys("wdogitime")
                .containsEntry("wdogitime", new Drift.Difference(Key.WDOGITIME, "30", "60"));
    }

    @Test
    void aChangeOfTheDesiredValuesIsTheNewOrDifferentValuesComparedThroughTheKeyTable() {
        Map<String, String> before = Map.of("modedef", "1", "wdogitime", "60", "hostname", "fos-a");
        Map<String, String> now = Map.of("modedef", "yes", "wdogitime", "12", "hostname", "fos-a", "mode", "1",
                "wdogdef", "yes", "nonsense", "1");

        // modedef yes is the 1 it was; mode is live state; wdogdef is new
        assertThat(Drift.changed(before, now)).containsExactlyEntriesOf(new java.util.TreeMap<>(
                Map.of("wdogitime", "12", "wdogdef", "1")));
        assertThat(Drift.changed(now, now)).isEmpty();
    }
}
