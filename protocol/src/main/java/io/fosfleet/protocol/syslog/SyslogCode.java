package io.fosfleet.protocol.syslog;

import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import java.util.Optional;

/** The messages a berofos sends to its syslog server, with the device's own spelling (docs/protocol.md §3). */
public enum SyslogCode {
    POWERUP(0, "Powerup"),
    RELAY_A_D(10, "Relay Mode changed: A-D"),
    RELAY_A_B(11, "Relay Mode changed: A-B"),
    RELAY_A_B_C_D(12, "Relay Mode changed: A-B,C-D"),
    SCENARIO_FALLBACK(20, "Szenario changed: Fallback"),
    SCENARIO_BYPASS(21, "Szenario changed: Bypass"),
    POWER1_ON(30, "PW1 Mode changed: on"),
    POWER1_OFF(31, "PW1 Mode changed: off"),
    POWER2_ON(32, "PW2 Mode changed: on"),
    POWER2_OFF(33, "PW2 Mode changed: off"),
    WDOG_ON(40, "Wdog swithed: on"),
    WDOG_OFF(41, "Wdog swithed: off"),
    WDOG_FAILOVER_TIMEOUT(42, "Wdog swithed: Failover (timeout)"),
    WDOG_FAILOVER_STICKY(43, "Wdog swithed: Failover (sticky)");

    private final int code;
    private final String text;

    SyslogCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The message as the device writes it, e.g. {@code berofos:42: Wdog swithed: Failover (timeout)}. */
    public String message() {
        return String.format("berofos:%02d: %s", code, text);
    }

    public static Optional<SyslogCode> byCode(int code) {
        for (SyslogCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The message for a relay change in the given scenario. */
    public static SyslogCode relay(RelayMode mode, Scenario scenario) {
        if (mode == RelayMode.A_D) {
            return RELAY_A_D;
        }
        return scenario == Scenario.BYPASS ? RELAY_A_B_C_D : RELAY_A_B;
    }

    public static SyslogCode scenario(Scenario scenario) {
        return scenario == Scenario.BYPASS ? SCENARIO_BYPASS : SCENARIO_FALLBACK;
    }

    /** Power port 1 or 2 switched on or off. */
    public static SyslogCode power(int port, boolean on) {
        if (port == 1) {
            return on ? POWER1_ON : POWER1_OFF;
        }
        if (port == 2) {
            return on ? POWER2_ON : POWER2_OFF;
        }
        throw new IllegalArgumentException("a berofos has power ports 1 and 2, not " + port);
    }
}
