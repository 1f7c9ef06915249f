package io.fosfleet.alert.pipeline;

import io.fosfleet.alert.delivery.Delivery;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.grouping.Grouper;
import io.fosfleet.alert.inhibit.Inhibitor;
import io.fosfleet.alert.receiver.Notification;
import io.fosfleet.alert.routing.RoutingTable;
import io.fosfleet.alert.silence.SilenceStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The last step of the pipeline: a group whose wait is over is judged as Alertmanager would judge it when it goes
 * out — silences created meanwhile, inhibition by what fires now, no resolution for what a receiver never heard
 * firing — and what is left becomes one {@link Notification} for {@link Delivery}.
 */
final class Dispatcher {

    private final Grouper grouper;
    private final RoutingTable routing;
    private final SilenceStore silences;
    private final Inhibitor inhibitor;
    private final FiringLog firing;
    private final Delivery delivery;
    private final MeterRegistry registry;

    Dispatcher(Grouper grouper, RoutingTable routing, SilenceStore silences, Inhibitor inhibitor, FiringLog firing,
               Delivery delivery, MeterRegistry registry) {
        this.grouper = grouper;
        this.routing = routing;
        this.silences = silences;
        this.inhibitor = inhibitor;
        this.firing = firing;
        this.delivery = delivery;
        this.registry = registry;
    }

    /** Hands every due group to delivery, leaving out what is silenced, inhibited or never fired there. */
    void sendDue(Instant now) {
        for (Grouper.Batch b : grouper.due(now)) {
            List<Grouper.Entry> send = new ArrayList<>();
            var inhibitRules = routing.rules().inhibitRules();
            for (Grouper.Entry entry : b.entries()) {
                String alertName = entry.event().condition().alertName();
                if (silences.silencing(entry.event(), now).isPresent()) {
                    // As in Alertmanager, a silence created while a group waited still holds its alerts back.
                    count("fosfleet.alert.silenced", "alertname", alertName);
                    entry.done().run();
                } else if (inhibitor.inhibitedBy(entry.event(), inhibitRules).isPresent()) {
                    // As in Alertmanager, judged when the group goes out, against the alerts firing then.
                    count("fosfleet.alert.inhibited", "alertname", alertName);
                    entry.done().run();
                } else if (!firing.admit(b.receiver().name(), entry.event())) {
                    // As in Alertmanager, no resolution for what this receiver never heard firing.
                    count("fosfleet.alert.held", "reason", "never_fired");
                    entry.done().run();
                } else {
                    send.add(entry);
                }
            }
            if (send.isEmpty()) {
                continue;
            }
            List<AlertEvent> grouped = send.stream().map(Grouper.Entry::event).toList();
            Notification n = new Notification(notificationId(b.receiver().name(), grouped), b.receiver(), b.key(),
                    b.labels(), grouped, inhibitor.unreachable());
            delivery.submit(n, () -> send.forEach(entry -> entry.done().run()));
        }
    }

    /**
     * The same events to the same receiver make the same id, also after a crash and replay: it travels as the
     * webhook's Idempotency-Key and the mail's Message-ID, so a receiver can drop the one duplicate a crash between
     * sending and recording can cause.
     */
    static UUID notificationId(String receiver, List<AlertEvent> events) {
        String ids = events.stream().map(e -> e.id().toString()).sorted().collect(Collectors.joining(","));
        return UUID.nameUUIDFromBytes((receiver + "/" + ids).getBytes(StandardCharsets.UTF_8));
    }

    private void count(String name, String tag, String value) {
        registry.counter(name, tag, value).increment();
    }
}
