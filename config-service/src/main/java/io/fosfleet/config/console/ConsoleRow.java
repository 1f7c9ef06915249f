package io.fosfleet.config.console;

import java.time.Instant;

/**
 * One row of the console's fleet table, in words a NOC engineer reads from across the room: the relay position and
 * what it means, the watchdog, the power ports, the primary's health and the last event. Also sent as JSON on the
 * console's event stream, so the page and the stream share one rendering of the facts.
 *
 * @param state       PRIMARY, FAILED_OVER, MAINTENANCE, UNREACHABLE or UNKNOWN (see {@link ConsoleState})
 * @param stateText   the state in words ("on primary", "FAILED OVER", …: {@link ConsoleState#text()})
 * @param relay       A–B, A–D, A–B + C–D, or "?" before the first report
 * @param mode        the relay mode as the device reports it (1 = A–B), null before the first report
 * @param watchdog    off, on, FAILURE or "?"
 * @param wdogLeft    seconds left on the watchdog when it was last read (only while it is on)
 * @param health      the primary's health from heartbeat-service: healthy, DOWN or unknown
 * @param problem     true when someone should look: failed over, unreachable, watchdog failure or primary down
 * @param kicks       the watchdog cell: heartbeat-service's kicks and the countdown when they stopped
 */
public record ConsoleRow(String deviceId, String name, String site, String rack, String pairId, ConsoleState state,
                         String stateText, String relay, Integer mode, String scenario, String power1, String power2,
                         String watchdog, Integer wdogLeft, Integer wdogInterval, Instant observedAt, String health,
                         String lastEventType, String lastEventMessage, Instant lastEventAt, boolean problem,
                         String maintenanceReason, ConsoleWatchdog.View kicks) {

    /** The same row with a newer watchdog cell. */
    public ConsoleRow withKicks(ConsoleWatchdog.View kicks) {
        return new ConsoleRow(deviceId, name, site, rack, pairId, state, stateText, relay, mode, scenario, power1,
                power2, watchdog, wdogLeft, wdogInterval, observedAt, health, lastEventType, lastEventMessage,
                lastEventAt, problem, maintenanceReason, kicks);
    }

    /** The console's order as one text (the page re-sorts by it after a live update): see {@link #rank()}. */
    public String sortKey() {
        return rank() + "|" + (site == null ? "~" : site) + "|" + (name == null ? deviceId : name) + "|" + deviceId;
    }

    /** Problems first, then maintenance, then the rest; by site and name within each. */
    int rank() {
        if (problem) {
            return 0;
        }
        return state == ConsoleState.MAINTENANCE ? 1 : 2;
    }
}
