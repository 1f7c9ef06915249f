package io.fosfleet.alert.pipeline;

import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.alert.delivery.DeliveredLog;
import io.fosfleet.alert.delivery.Delivery;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.grouping.FlapDetector;
import io.fosfleet.alert.grouping.Grouper;
import io.fosfleet.alert.inhibit.FastFailover;
import io.fosfleet.alert.inhibit.Inhibitor;
import io.fosfleet.alert.inhibit.KickFailureGrace;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.Route;
import io.fosfleet.alert.routing.RoutingRules;
import io.fosfleet.alert.routing.RoutingTable;
import io.fosfleet.alert.silence.SilenceStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What happens to an event between the intake and delivery: drops what was seen or delivered before, lets inhibition
 * see it, turns a fast failover's relay change into the pair's Failover alert ({@link FastFailover}), holds a kick
 * failure for its grace ({@link KickFailureGrace}), holds back flapping and silenced alerts, and routes the rest into
 * groups. {@link #tick()} lets held events go when their time comes and hands due groups to the {@link Dispatcher}.
 *
 * <p>Every notification an event goes into {@linkplain Hold#retain() holds} it until the notification is delivered,
 * dead-lettered or suppressed; only then is its record acked.
 */
public final class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /** Event ids handled in this run, against duplicates written by a retrying producer. */
    private static final int SEEN = 100_000;

    private final AlertServiceConfig config;
    private final RoutingTable routing;
    private final MeterRegistry registry;
    private final SilenceStore silences;
    private final DeliveredLog delivered;
    private final Clock clock;
    private final Map<UUID, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > SEEN;
        }
    };
    private final Grouper grouper;
    private final FlapDetector flapping;
    private final Inhibitor inhibitor = new Inhibitor();
    private final FastFailover fastFailover = new FastFailover();
    private final KickFailureGrace<Hold> kickGrace;
    private final Dispatcher dispatcher;
    private Instant nextPrune = Instant.EPOCH;

    public Pipeline(AlertServiceConfig config, RoutingTable routing, MeterRegistry registry, SilenceStore silences,
                    DeliveredLog delivered, FiringLog firing, Delivery delivery, Clock clock) {
        this.config = config;
        this.routing = routing;
        this.registry = registry;
        this.silences = silences;
        this.delivered = delivered;
        this.clock = clock;
        this.grouper = new Grouper(() -> count("fosfleet.alert.deduplicated", "reason", "repeat_interval"));
        this.flapping = new FlapDetector(config.flapping().threshold(), config.flapping().window(),
                config.flapping().stableAfter());
        this.kickGrace = new KickFailureGrace<>(config.inhibit().kickFailureGrace());
        this.dispatcher = new Dispatcher(grouper, routing, silences, inhibitor, firing, delivery, registry);
    }

    /**
     * Judges one consumed event. The caller holds {@code hold} once and releases it after this returns; every
     * notification the event goes into holds it further.
     *
     * @throws RuntimeException when the event cannot be judged (trying it again would fail again)
     */
    public void accept(AlertEvent event, Hold hold) {
        synchronized (seen) {
            if (seen.put(event.id(), Boolean.TRUE) != null) {
                count("fosfleet.alert.deduplicated", "reason", "event_id");
                return;
            }
        }
        // Every event moves the state inhibition judges by, whether it is notified or not.
        inhibitor.observe(event);
        var derived = fastFailover.derive(event, inhibitor);
        derived.ifPresent(inhibitor::observe);
        // A kick failure waits for the DeviceUnreachable that usually follows it (KickFailureGrace).
        if (kickGrace.hold(event, inhibitor.unreachable().contains(event.deviceId()), hold, clock.instant())) {
            hold.retain();
            return;
        }
        var settled = kickGrace.settle(event);
        route(event, hold);
        if (derived.isPresent()) {
            route(derived.get(), hold);
        }
        settled.ifPresent(o -> letGo(o.held(), o.dropped()));
    }

    /** Flapping, silences and routing: the event joins a group per receiver it goes to. */
    private void route(AlertEvent event, Hold hold) {
        Instant now = clock.instant();
        AlertEvent e = event;
        switch (flapping.observe(event, now)) {
            case HOLD -> {
                count("fosfleet.alert.held", "reason", "flapping");
                return;
            }
            case START -> e = event.as(Condition.FLAPPING, event.id(), event.condition().alertName() + ": "
                    + config.flapping().threshold() + " state changes within "
                    + config.flapping().window().toSeconds() + " s; last: " + event.condition().summary());
            default -> {
            }
        }
        if (silences.silencing(e, now).isPresent()) {
            count("fosfleet.alert.silenced", "alertname", e.condition().alertName());
            return;
        }
        RoutingRules rules = routing.rules();
        for (Route route : rules.root().match(e.labels())) {
            ReceiverSpec receiver = rules.receivers().get(route.receiver());
            if (receiver.channel().isEmpty()) {
                continue;
            }
            if (delivered.contains(e.id(), receiver.name())) {
                count("fosfleet.alert.deduplicated", "reason", "delivered_before");
                continue;
            }
            hold.retain();
            grouper.add(route, receiver, e, hold::release, now);
        }
    }

    /**
     * A held kick failure ends: routed now (its DeviceUnreachable came, which inhibits it, or its grace ran out),
     * or dropped because kicks were answered again within the grace.
     */
    private void letGo(KickFailureGrace.Held<Hold> held, boolean dropped) {
        for (int i = 0; i < held.events().size(); i++) {
            Hold hold = held.attachments().get(i);
            try {
                if (dropped) {
                    count("fosfleet.alert.held", "reason", "kick_failure_grace");
                } else {
                    route(held.events().get(i), hold);
                }
            } finally {
                hold.release();
            }
        }
    }

    /** Every 100 ms: held events whose time came, flapping devices now stable, due groups. */
    public void tick() {
        try {
            Instant now = clock.instant();
            for (KickFailureGrace.Held<Hold> held : kickGrace.due(now)) {
                letGo(held, false);
            }
            for (AlertEvent notice : flapping.stabilised(now)) {
                route(notice, Hold.NONE);
            }
            dispatcher.sendDue(now);
            if (now.isAfter(nextPrune)) {
                delivered.prune(now);
                nextPrune = now.plus(Duration.ofMinutes(1));
            }
        } catch (RuntimeException e) {
            LOG.error("grouping tick failed", e);
        }
    }

    private void count(String name, String tag, String value) {
        registry.counter(name, tag, value).increment();
    }
}
