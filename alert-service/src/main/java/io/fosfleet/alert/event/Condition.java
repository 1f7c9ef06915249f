package io.fosfleet.alert.event;

import io.fosfleet.events.Alert.Severity;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.HeartbeatEvent;

import java.util.Arrays;

/**
 * The one table from event type to alert: its name, severity, whether it fires or resolves, whether it is a state
 * transition that counts towards flapping, and what a NOC engineer should check. Firing and resolving types share
 * the alert name, so a resolution goes wherever the alert went.
 */
public enum Condition {
    POWER_UP(DeviceEvent.Type.POWER_UP, "DevicePowerUp", Severity.WARNING, Status.FIRING, false,
            "Device powered up", "the device restarted: check its power supply and that its relay is where the pair expects it"),
    RELAY_CHANGED(DeviceEvent.Type.RELAY_CHANGED, "RelayChanged", Severity.INFO, Status.FIRING, false,
            "Relay mode changed", "whether the switch was intended (operator action or failover)"),
    SCENARIO_CHANGED(DeviceEvent.Type.SCENARIO_CHANGED, "ScenarioChanged", Severity.WARNING, Status.FIRING, false,
            "Scenario changed", "the wiring of the pair matches the new scenario"),
    POWER_CHANGED(DeviceEvent.Type.POWER_CHANGED, "PowerPortChanged", Severity.INFO, Status.FIRING, false,
            "Power port switched", "whether the switch was intended"),
    WATCHDOG_CHANGED(DeviceEvent.Type.WATCHDOG_CHANGED, "WatchdogChanged", Severity.INFO, Status.FIRING, false,
            "Watchdog switched", "whether the watchdog was switched on purpose"),
    FAILOVER(DeviceEvent.Type.FAILOVER, "Failover", Severity.CRITICAL, Status.FIRING, true,
            "Failover: lines switched to the secondary", "the primary PBX and the kicker (heartbeat-service); re-arm the"
            + " watchdog once the primary is healthy"),
    REARMED(DeviceEvent.Type.REARMED, "Failover", Severity.CRITICAL, Status.RESOLVED, true,
            "Watchdog re-armed after failover", "that the relay is back on A-B if the primary should carry the lines"),
    UNREACHABLE(DeviceEvent.Type.UNREACHABLE, "DeviceUnreachable", Severity.CRITICAL, Status.FIRING, true,
            "Device unreachable", "network path, power and the device's address; the relay keeps its last state"),
    REACHABLE(DeviceEvent.Type.REACHABLE, "DeviceUnreachable", Severity.CRITICAL, Status.RESOLVED, true,
            "Device reachable again", "nothing; confirm the relay state is as expected"),
    DRIFT_DETECTED(DeviceEvent.Type.DRIFT_DETECTED, "ConfigDrift", Severity.WARNING, Status.FIRING, false,
            "Configuration differs from the desired one", "who changed the device by hand; enforce or update the desired configuration"),
    CONFIG_APPLIED(DeviceEvent.Type.CONFIG_APPLIED, "ConfigDrift", Severity.WARNING, Status.RESOLVED, false,
            "Desired configuration applied", "nothing"),
    KICK_STARTING(HeartbeatEvent.Type.STARTING, "Kicking", Severity.INFO, Status.FIRING, false,
            "Watchdog kicking starting", "nothing"),
    KICK_RUNNING(HeartbeatEvent.Type.RUNNING, "Kicking", Severity.INFO, Status.FIRING, false,
            "Watchdog kicking running", "nothing"),
    WDOG_FAILED(HeartbeatEvent.Type.WDOG_FAILED, "WatchdogKickFailed", Severity.CRITICAL, Status.FIRING, true,
            "Watchdog kick not acknowledged", "the device's network and address; without kicks it fails over when"
            + " its watchdog runs out"),
    WDOG_OK(HeartbeatEvent.Type.WDOG_OK, "WatchdogKickFailed", Severity.CRITICAL, Status.RESOLVED, true,
            "Watchdog kicks acknowledged again", "nothing"),
    KICK_STOPPED(HeartbeatEvent.Type.STOPPED, "Kicking", Severity.INFO, Status.FIRING, false,
            "Watchdog kicking stopped", "that the pair was removed, put in maintenance or moved on purpose"),
    PRIMARY_DOWN(HeartbeatEvent.Type.PRIMARY_DOWN, "PrimaryDown", Severity.CRITICAL, Status.FIRING, true,
            "Primary PBX down", "the primary PBX (probes in the details); the device fails over when its watchdog runs out"),
    PRIMARY_UP(HeartbeatEvent.Type.PRIMARY_UP, "PrimaryDown", Severity.CRITICAL, Status.RESOLVED, true,
            "Primary PBX back", "whether the pair is back on the primary; a manual pair needs an operator to re-arm"),
    FAST_FAILOVER(null, "Failover", Severity.CRITICAL, Status.FIRING, false,
            "Failover: lines switched to the secondary", "the primary PBX; fast failover switched the relay to A-D"),
    FAST_FAILOVER_ENDED(null, "Failover", Severity.CRITICAL, Status.RESOLVED, false,
            "Lines back on the primary (relay A-B)", "nothing"),
    FLAPPING(null, "Flapping", Severity.WARNING, Status.FIRING, false,
            "Flapping: many state changes in a short time", "the primary's health probes and the network; further"
            + " changes of this alert are held back until it is stable"),
    STABLE(null, "Flapping", Severity.WARNING, Status.RESOLVED, false,
            "Stable again after flapping", "the device's current state");

    /** Alertmanager's two states of an alert. */
    public enum Status { FIRING, RESOLVED }

    private final Enum<?> eventType;
    private final String alertName;
    private final Severity severity;
    private final Status status;
    private final boolean transition;
    private final String summary;
    private final String check;

    Condition(Enum<?> eventType, String alertName, Severity severity, Status status, boolean transition,
              String summary, String check) {
        this.eventType = eventType;
        this.alertName = alertName;
        this.severity = severity;
        this.status = status;
        this.transition = transition;
        this.summary = summary;
        this.check = check;
    }

    /** The condition an event type reports. */
    public static Condition of(Enum<?> eventType) {
        return Arrays.stream(values()).filter(c -> c.eventType == eventType).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no condition for event type " + eventType));
    }

    /** The event type name, or the condition's own name for the notices alert-service makes itself. */
    public String typeName() {
        return eventType == null ? name() : eventType.name();
    }

    public String alertName() {
        return alertName;
    }

    public Severity severity() {
        return severity;
    }

    public Status status() {
        return status;
    }

    /**
     * Part of a firing/resolved pair whose changes count towards flapping (Failover, DeviceUnreachable, PrimaryDown,
     * WatchdogKickFailed); events without a resolution, such as a relay change, never do.
     */
    public boolean transition() {
        return transition;
    }

    public String summary() {
        return summary;
    }

    /** What to check, when nothing is known of the pair; {@link Advice} fits it to the pair's policy and state. */
    public String check() {
        return check;
    }
}
