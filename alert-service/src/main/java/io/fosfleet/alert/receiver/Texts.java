package io.fosfleet.alert.receiver;

import io.fosfleet.alert.event.AlertEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The words of a notification, the same on every channel: subject line, one-line summary and the full text. */
public final class Texts {

    /** A mail should stay readable: the rest of a large group is counted, not listed. */
    private static final int LISTED = 20;

    private Texts() {
    }

    /**
     * E.g. {@code [CRITICAL] Failover: lines switched to the secondary - fos-7 (pair pbx-a, site fra1)}; plain ASCII,
     * so that mail filters and pagers that do not decode MIME words still read it.
     */
    public static String subject(Notification n) {
        AlertEvent lead = n.lead();
        String tag = n.resolved() ? "RESOLVED" : n.severity().name();
        String what = lead.condition().summary();
        if (n.events().size() == 1) {
            return "[" + tag + "] " + what + " - " + lead.deviceId() + where(lead, false);
        }
        return "[" + tag + "] " + n.events().size() + " events, " + what + " - " + groupName(n);
    }

    /**
     * One line for syslog. An event the device itself reports keeps the device's {@code berofos:NN: text} at the
     * front, so log rules written for the devices keep matching.
     */
    public static String line(Notification n) {
        AlertEvent lead = n.lead();
        String context = "device=" + lead.deviceId() + labels(lead)
                + (n.events().size() > 1 ? " events=" + n.events().size() : "");
        return lead.deviceMessage()
                .map(m -> m + " (" + context + ")")
                .orElseGet(() -> "[" + (n.resolved() ? "RESOLVED" : n.severity().name()) + "] "
                        + lead.condition().summary() + ": " + lead.message() + " (" + context + ")");
    }

    /** The mail body: what happened, where, since when, what to check; one block per event. */
    public static String body(Notification n) {
        StringBuilder b = new StringBuilder();
        b.append(n.resolved() ? "Resolved" : n.severity().name()).append(": ").append(n.lead().condition().summary())
                .append('\n');
        if (n.events().size() > 1) {
            b.append(n.events().size()).append(" events for ").append(groupName(n)).append(", the first at ")
                    .append(n.firstOccurred()).append('\n');
        }
        b.append('\n');
        List<AlertEvent> listed = n.events().subList(0, Math.min(LISTED, n.events().size()));
        for (AlertEvent e : listed) {
            b.append("What:   ").append(e.condition().summary()).append(" — ").append(e.message()).append('\n');
            b.append("Where:  device ").append(e.deviceId()).append(where(e, true)).append('\n');
            b.append("Since:  ").append(e.occurredAt()).append('\n');
            e.deviceMessage().ifPresent(m -> b.append("Device: ").append(m).append('\n'));
            if (!e.details().isEmpty()) {
                b.append("Details: ").append(new java.util.TreeMap<>(e.details()).entrySet().stream()
                        .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining(", "))).append('\n');
            }
            b.append("Check:  ").append(e.condition().check()).append('\n');
            b.append("Event:  ").append(e.id()).append("\n\n");
        }
        if (n.events().size() > LISTED) {
            b.append("… and ").append(n.events().size() - LISTED).append(" more events of this group.\n\n");
        }
        b.append("-- \nfosfleet alert-service, receiver ").append(n.receiver().name()).append('\n');
        return b.toString();
    }

    private static String groupName(Notification n) {
        if (n.groupLabels().isEmpty()) {
            return "all devices";
        }
        return n.groupLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(l -> l.getKey() + " " + (l.getValue().isEmpty() ? "(none)" : l.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String where(AlertEvent e, boolean withRack) {
        List<String> parts = new ArrayList<>();
        var p = e.placement();
        if (p.pairId() != null) {
            parts.add("pair " + p.pairId());
        }
        if (p.site() != null) {
            parts.add("site " + p.site());
        }
        if (withRack && p.rack() != null) {
            parts.add("rack " + p.rack());
        }
        return parts.isEmpty() ? "" : (withRack ? ", " + String.join(", ", parts) : " (" + String.join(", ", parts) + ")");
    }

    private static String labels(AlertEvent e) {
        var p = e.placement();
        return (p.pairId() != null ? " pair=" + p.pairId() : "") + (p.site() != null ? " site=" + p.site() : "")
                + " alert=" + e.condition().alertName() + " status=" + e.condition().status().name().toLowerCase(java.util.Locale.ROOT);
    }
}
