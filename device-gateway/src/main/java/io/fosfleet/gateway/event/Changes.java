package io.fosfleet.gateway.event;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import io.fosfleet.protocol.syslog.SyslogCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The device-model knowledge of the gateway: which differences between two readings of a device are events (relay,
 * scenario, power ports, watchdog). Only readings make events; a syslog message never changes the known values.
 */
public final class Changes {

    /** Watchdog states as config.txt reports them. */
    private static final String WDOG_ON = "1";
    private static final String WDOG_FAILED = "2";

    private Changes() {
    }

    /** One change of a device, ready to become a {@link DeviceEvent}. */
    public record Change(DeviceEvent.Type type, SyslogCode code, Map<String, String> details, String message) {
    }

    /**
     * The changes from {@code before} to {@code after} (values by bnfos keyword), in the order the device reports
     * them: scenario, relay, power ports, watchdog. Keys missing on either side are not compared.
     */
    public static List<Change> between(Map<String, String> before, Map<String, String> after) {
        List<Change> changes = new ArrayList<>();
        Scenario scenario = scenario(after);
        if (changed(before, after, Key.SCENARIO)) {
            SyslogCode code = SyslogCode.scenario(scenario);
            changes.add(new Change(DeviceEvent.Type.SCENARIO_CHANGED, code,
                    Map.of(Key.SCENARIO.keyword(), scenario.name().toLowerCase(), "old", before.get(Key.SCENARIO.keyword()),
                            "new", after.get(Key.SCENARIO.keyword())),
                    code.text()));
        }
        if (changed(before, after, Key.MODE)) {
            RelayMode mode = RelayMode.fromWire(isOn(after, Key.MODE));
            changes.add(relayChange(mode, scenario, before.get(Key.MODE.keyword())));
        }
        for (int port = 1; port <= 2; port++) {
            Key key = port == 1 ? Key.POWER1 : Key.POWER2;
            if (changed(before, after, key)) {
                boolean on = isOn(after, key);
                SyslogCode code = SyslogCode.power(port, on);
                changes.add(new Change(DeviceEvent.Type.POWER_CHANGED, code,
                        Map.of("port", Integer.toString(port), "on", on ? "1" : "0"), code.text()));
            }
        }
        if (changed(before, after, Key.WDOGSTATE)) {
            changes.add(watchdogChange(before.get(Key.WDOGSTATE.keyword()), after.get(Key.WDOGSTATE.keyword())));
        }
        return changes;
    }

    /** The relay position in words for the NOC: which telephone system the PSTN lines reach in this scenario. */
    public static String relayMeaning(RelayMode mode, Scenario scenario) {
        if (scenario == Scenario.BYPASS) {
            return mode == RelayMode.A_B ? "PSTN through the new PBX (port B) to the legacy PBX (C-D)"
                    : "PSTN straight to the legacy PBX (port D), new PBX bypassed";
        }
        return mode == RelayMode.A_B ? "PSTN on the primary PBX (port B)" : "PSTN on the secondary PBX (port D)";
    }

    private static Change relayChange(RelayMode mode, Scenario scenario, String old) {
        SyslogCode code = SyslogCode.relay(mode, scenario);
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Key.MODE.keyword(), Integer.toString(mode.wireValue()));
        details.put("relay", mode.connections(scenario));
        details.put(Key.SCENARIO.keyword(), scenario.name().toLowerCase());
        details.put("meaning", relayMeaning(mode, scenario));
        details.put("old", Objects.requireNonNullElse(old, ""));
        return new Change(DeviceEvent.Type.RELAY_CHANGED, code, details,
                code.text() + ": " + relayMeaning(mode, scenario));
    }

    private static Change watchdogChange(String before, String after) {
        Map<String, String> details = Map.of(Key.WDOGSTATE.keyword(), after, "old", before);
        if (WDOG_FAILED.equals(after)) {
            SyslogCode code = SyslogCode.WDOG_FAILOVER_TIMEOUT;
            return new Change(DeviceEvent.Type.FAILOVER, code, details, code.text());
        }
        if (WDOG_ON.equals(after) && WDOG_FAILED.equals(before)) {
            return new Change(DeviceEvent.Type.REARMED, SyslogCode.WDOG_ON, details, "Watchdog re-armed after a failover");
        }
        SyslogCode code = WDOG_ON.equals(after) ? SyslogCode.WDOG_ON : SyslogCode.WDOG_OFF;
        return new Change(DeviceEvent.Type.WATCHDOG_CHANGED, code, details, code.text());
    }

    private static boolean changed(Map<String, String> before, Map<String, String> after, Key key) {
        String old = before.get(key.keyword());
        String now = after.get(key.keyword());
        return old != null && now != null && !old.equals(now);
    }

    private static boolean isOn(Map<String, String> values, Key key) {
        return "1".equals(values.get(key.keyword()));
    }

    private static Scenario scenario(Map<String, String> values) {
        return Scenario.fromWire(isOn(values, Key.SCENARIO));
    }
}
