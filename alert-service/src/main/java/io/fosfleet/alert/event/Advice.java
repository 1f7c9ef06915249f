package io.fosfleet.alert.event;

import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.events.PairConfig.FailoverPolicy;

/**
 * What a NOC engineer should check or do about an alert in its current state: fitted to the pair's failover policy
 * (auto returns by itself, manual needs the exact re-arm steps), to maintenance, and to whether the device answers.
 * Conditions without such a dependency keep the fixed text of {@link Condition#check()}.
 */
public final class Advice {

    private Advice() {
    }

    /**
     * @param unreachable the device is known not to answer now (DeviceUnreachable firing)
     */
    public static String check(AlertEvent e, boolean unreachable) {
        Placement p = e.placement();
        String text = switch (e.condition()) {
            case FAILOVER, FAST_FAILOVER -> failover(e, p);
            case REARMED -> rearmed(e, p);
            case PRIMARY_DOWN -> primaryDown(p);
            case PRIMARY_UP -> primaryUp(e, p);
            case DRIFT_DETECTED -> drift(e);
            default -> e.condition().check();
        };
        if (unreachable && e.condition() != Condition.UNREACHABLE && e.condition() != Condition.REACHABLE) {
            return "the device does not answer, so this is its last known state: check its network path and power"
                    + " first; then " + text;
        }
        return text;
    }

    private static String failover(AlertEvent e, Placement p) {
        if (p.maintenance()) {
            return "nothing: pair " + p.pairId() + " is in maintenance, failed over on purpose; it returns to the"
                    + " primary when an operator ends the maintenance";
        }
        if (p.policy() == FailoverPolicy.AUTO) {
            return "the primary PBX and the kicker (heartbeat-service); policy auto: the pair returns to the primary by"
                    + " itself when the primary is healthy";
        }
        if (p.policy() == FailoverPolicy.MANUAL) {
            return "the primary PBX and the kicker (heartbeat-service); policy manual: the lines stay on the secondary"
                    + " until an operator, once the primary is healthy, " + manualSteps(e);
        }
        return "the primary PBX and the kicker (heartbeat-service); the device's pair is not known here: once the"
                + " primary is healthy, " + manualSteps(e);
    }

    private static String rearmed(AlertEvent e, Placement p) {
        if (p.policy() == FailoverPolicy.AUTO) {
            return "nothing: policy auto re-armed the watchdog and switches the relay back to A-B itself";
        }
        return "that the relay is back on A-B if the primary should carry the lines: POST /api/devices/" + e.deviceId()
                + "/commands {\"type\":\"SWITCH_RELAY\",\"parameters\":{\"mode\":\"1\"},\"reason\":\"...\"}"
                + " (console: \"Switch to primary (A–B)\")";
    }

    private static String primaryDown(Placement p) {
        String then;
        if (p.maintenance()) {
            then = "pair " + p.pairId() + " is in maintenance, the lines are on the secondary on purpose";
        } else if (p.fastFailover()) {
            then = "fast failover switches the lines to the secondary at once";
        } else {
            then = "the device fails over when its watchdog runs out";
        }
        return "the primary PBX (probes in the details); " + then;
    }

    private static String primaryUp(AlertEvent e, Placement p) {
        if (p.maintenance()) {
            return "nothing while pair " + p.pairId() + " is in maintenance; ending the maintenance returns it to the"
                    + " primary";
        }
        if (p.policy() == FailoverPolicy.AUTO) {
            return "nothing: policy auto returns the pair to the primary by itself (re-arm, relay A-B, kicking)";
        }
        if (p.policy() == FailoverPolicy.MANUAL) {
            return "policy manual: if the pair failed over, its lines stay on the secondary until you "
                    + manualSteps(e);
        }
        return "if the pair failed over, " + manualSteps(e);
    }

    private static String drift(AlertEvent e) {
        if ("APPLY_FAILED".equals(e.details().get("reason"))) {
            // device-gateway could not write a desired value an operator just changed: nobody changed the device
            return "why the device refused the new desired value (error in the details: a value it rejects, its"
                    + " password, its network); device-gateway tries again by itself, or put the desired value back:"
                    + " PUT /api/devices/" + e.deviceId() + "/settings";
        }
        return e.condition().check();
    }

    /** The exact steps to return a failed-over device to the primary by hand. */
    private static String manualSteps(AlertEvent e) {
        return "re-arm the watchdog and switch the relay back: POST /api/devices/" + e.deviceId() + "/commands"
                + " {\"type\":\"WATCHDOG_REARM\",\"reason\":\"...\"}, then {\"type\":\"SWITCH_RELAY\",\"parameters\":"
                + "{\"mode\":\"1\"},\"reason\":\"...\"} (console, pair page: \"Re-arm watchdog\", then"
                + " \"Switch to primary (A–B)\")";
    }
}
