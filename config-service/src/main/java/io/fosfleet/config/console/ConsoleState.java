package io.fosfleet.config.console;

/**
 * A device's state as the console shows it (the first column of the fleet table, the badge on the pair page and
 * the summary bar's counts), with the words the NOC reads. The name is what the pages, the live stream's JSON, the
 * fleet filter ({@code ?state=FAILED_OVER}) and the style sheet use; the text is what is written in the badge.
 */
public enum ConsoleState {
    /** Reachable, relay on A–B: calls go through the primary. */
    PRIMARY("on primary"),
    /** Reachable, relay on A–D: calls go through the secondary. */
    FAILED_OVER("FAILED OVER"),
    /** The device's pair is in maintenance: not counted as a problem, whatever the device reports. */
    MAINTENANCE("maintenance"),
    /** The device does not answer device-gateway. */
    UNREACHABLE("UNREACHABLE"),
    /** No state reported yet (or a report without the relay position: see {@link #RELAY_UNKNOWN}). */
    UNKNOWN("no state reported yet");

    /** The words for UNKNOWN when the device answers but did not report its relay position. */
    public static final String RELAY_UNKNOWN = "relay position unknown";

    private final String text;

    ConsoleState(String text) {
        this.text = text;
    }

    /** The state in the NOC's words, as the badge shows it. */
    public String text() {
        return text;
    }

    /** Whether someone should look, whatever the watchdog and the primary say. */
    public boolean problem() {
        return this == FAILED_OVER || this == UNREACHABLE;
    }
}
