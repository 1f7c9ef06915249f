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
     * so that mail filters and pagers that do not decode MIME words still read it. The tag is RESOLVED when every alert
     * of the notification is resolved now, else the lead alert's severity; the text is its current event's summary.
     */
    public static String subject(Notification n) {
        AlertEvent lead = n.lead();
        String what = lead.condition().summary();
        int alerts = n.alerts().size();
        if (alerts == 1) {
            return "[" + tag(n) + "] " + what + " - " + lead.deviceId() + where(lead, false);
        }
        return "[" + tag(n) + "] " + alerts + " alerts, " + what + " - " + groupName(n);
    }

    /**
     * One line for syslog. When the lead alert's current event is one the device itself reports, the device's
     * {@code berofos:NN: text} stays at the front, so log rules written for the devices keep matching. The context
     * names the lead alert and its current status and, for several alerts, each alert with its current status:
     * {@code alerts=Failover/fos-7:resolved,PrimaryDown/fos-7:resolved}.
     */
    public static String line(Notification n) {
        AlertEvent lead = n.lead();
        List<Notification.AlertState> alerts = n.alerts();
        String context = "device=" + lead.deviceId() + labels(lead)
                + (alerts.size() > 1 ? " alerts=" + alerts.stream()
                .map(a -> a.current().conditionKey() + ":" + status(a)).collect(Collectors.joining(",")) : "");
        return lead.deviceMessage()
                .map(m -> m + " (" + context + ")")
                .orElseGet(() -> "[" + tag(n) + "] " + lead.condition().summary() + ": " + lead.message()
                        + " (" + context + ")");
    }

    /**
     * The mail body: the alerts with their current status first, then per alert where, what to check now, and its
     * events in the order they happened.
     */
    public static String body(Notification n) {
        StringBuilder b = new StringBuilder();
        List<Notification.AlertState> alerts = n.alerts();
        b.append(n.resolved() ? "Resolved" : n.severity().name()).append(": ").append(n.lead().condition().summary())
                .append('\n');
        if (n.events().size() > 1) {
            b.append(alerts.size()).append(alerts.size() == 1 ? " alert, " : " alerts, ").append(n.events().size())
                    .append(" events for ").append(groupName(n)).append(", the first at ")
                    .append(time(n.firstOccurred())).append('\n');
        }
        if (alerts.size() > 1) {
            b.append("\nNow:\n");
            for (Notification.AlertState a : alerts) {
                b.append("  ").append(String.format("%-9s", status(a).toUpperCase(java.util.Locale.ROOT)))
                        .append(a.alertName()).append(", device ").append(a.deviceId()).append('\n');
            }
        }
        b.append('\n');
        int listed = 0;
        for (Notification.AlertState a : alerts) {
            if (listed >= LISTED) {
                break;
            }
            b.append("Alert:  ").append(a.alertName()).append(", now ").append(status(a).toUpperCase(java.util.Locale.ROOT))
                    .append('\n');
            b.append("Where:  device ").append(a.deviceId()).append(where(a.current(), true)).append('\n');
            b.append("Check:  ").append(a.check()).append('\n');
            for (AlertEvent e : a.events()) {
                if (listed++ >= LISTED) {
                    break;
                }
                b.append("What:   ").append(e.condition().summary()).append(" — ").append(e.message()).append('\n');
                b.append("Since:  ").append(time(e.occurredAt())).append('\n');
                e.deviceMessage().ifPresent(m -> b.append("Device: ").append(m).append('\n'));
                if (!e.details().isEmpty()) {
                    b.append("Details: ").append(new java.util.TreeMap<>(e.details()).entrySet().stream()
                            .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining(", "))).append('\n');
                }
                b.append("Event:  ").append(e.id()).append('\n');
            }
            b.append('\n');
        }
        if (n.events().size() > LISTED) {
            b.append("… and ").append(n.events().size() - LISTED).append(" more events of this group.\n\n");
        }
        b.append("-- \nfosfleet alert-service, receiver ").append(n.receiver().name()).append('\n');
        return b.toString();
    }

    /** A time for people: UTC to the second, e.g. {@code 2026-12-06 03:12:45 UTC} (the webhook keeps full precision). */
    static String time(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    private static String tag(Notification n) {
        return n.resolved() ? "RESOLVED" : n.severity().name();
    }

    private static String status(Notification.AlertState a) {
        return a.status().name().toLowerCase(java.util.Locale.ROOT);
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
