package io.fosfleet.alert;

import io.fosfleet.alert.delivery.DeliveredLog;
import io.fosfleet.alert.delivery.Delivery;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.grouping.FlapDetector;
import io.fosfleet.alert.grouping.Grouper;
import io.fosfleet.alert.inhibit.FastFailover;
import io.fosfleet.alert.inhibit.KickFailureGrace;
import io.fosfleet.alert.inhibit.Inhibitor;
import io.fosfleet.alert.kafka.KafkaClients;
import io.fosfleet.alert.kafka.OffsetTracker;
import io.fosfleet.alert.kafka.TopicFollower;
import io.fosfleet.alert.receiver.AlertmanagerSender;
import io.fosfleet.alert.receiver.MailSender;
import io.fosfleet.alert.receiver.Notification;
import io.fosfleet.alert.receiver.SyslogSender;
import io.fosfleet.alert.receiver.WebhookSender;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.Route;
import io.fosfleet.alert.routing.RoutingRules;
import io.fosfleet.alert.routing.RoutingTable;
import io.fosfleet.alert.silence.SilenceStore;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventFormatException;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.RateLimitedLog;
import io.fosfleet.kafka.Reasons;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline: consumes device and heartbeat events at least once, drops what was seen or delivered before, holds
 * back flapping alerts and silenced alerts, routes the rest into groups and hands due groups to delivery, leaving
 * out inhibited firings and resolutions of what a receiver never heard firing. A fast failover's relay change also
 * becomes the pair's Failover alert ({@link FastFailover}). Offsets are committed only up to the oldest event whose
 * notifications are not yet delivered or dead-lettered.
 *
 * <p>The events loop is its own, not the shared {@code RecordLoop}: an event is finished only when its notifications
 * are delivered, later and on other threads, so commits trail an {@link OffsetTracker} instead of the handler's
 * return. Records it cannot read or judge go to the dead letters all the same.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);
    /** Beyond this many events waiting for delivery the consumer pauses, so a dead receiver cannot exhaust memory. */
    private static final int MAX_PENDING = 20_000;
    /** Event ids handled in this run, against duplicates written by a retrying producer. */
    private static final int SEEN = 100_000;
    private static final Duration TICK = Duration.ofMillis(100);

    private final AlertServiceConfig config;
    private final KafkaClients kafka;
    private final RoutingTable routing;
    private final Inventory inventory;
    private final MeterRegistry registry;
    private final SyslogSender syslog;
    private final MailSender mail;
    private final WebhookSender webhook;
    private final AlertmanagerSender alertmanager;
    private final Clock clock = Clock.systemUTC();
    private final OffsetTracker tracker = new OffsetTracker();
    private final Map<UUID, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > SEEN;
        }
    };
    private final Grouper grouper;
    private final FlapDetector flapping;
    private final DeliveredLog delivered;
    private final FiringLog firing = new FiringLog();
    private final Inhibitor inhibitor = new Inhibitor();
    private final FastFailover fastFailover = new FastFailover();
    private final KickFailureGrace<OffsetTracker.Ticket> kickGrace;

    private KafkaProducer<String, String> producer;
    private DeadLetters deadLetters;
    private final RateLimitedLog rateLimited = new RateLimitedLog(org.slf4j.LoggerFactory.getLogger(AlertService.class),
            Duration.ofSeconds(10));
    private SilenceStore silences;
    private Delivery delivery;
    private final List<TopicFollower> followers = new ArrayList<>();
    private ScheduledExecutorService executor;
    private Thread loop;
    private KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean consuming;
    private Instant nextPrune = Instant.EPOCH;

    public AlertService(AlertServiceConfig config, KafkaClients kafka, RoutingTable routing, Inventory inventory,
                        MeterRegistry registry, SyslogSender syslog, MailSender mail, WebhookSender webhook,
                        AlertmanagerSender alertmanager) {
        this.config = config;
        this.kafka = kafka;
        this.routing = routing;
        this.inventory = inventory;
        this.registry = registry;
        this.syslog = syslog;
        this.mail = mail;
        this.webhook = webhook;
        this.alertmanager = alertmanager;
        this.grouper = new Grouper(() -> count("fosfleet.alert.deduplicated", "reason", "repeat_interval"));
        this.flapping = new FlapDetector(config.flapping().threshold(), config.flapping().window(),
                config.flapping().stableAfter());
        this.delivered = new DeliveredLog(config.kafka().dedupRetention());
        this.kickGrace = new KickFailureGrace<>(config.inhibit().kickFailureGrace());
    }

    void start(@Observes StartupEvent ignored) {
        kafka.createOwnTopics();
        producer = kafka.producer("alert-service");
        deadLetters = kafka.deadLetters("alert-service", registry);
        silences = new SilenceStore(producer, Topic.ALERT_SILENCES.topicName(), inventory);
        executor = Executors.newScheduledThreadPool(config.delivery().threads(), r -> {
            Thread t = new Thread(r, "alert-delivery");
            t.setDaemon(true);
            return t;
        });
        delivery = new Delivery(config, syslog, mail, webhook, alertmanager, producer, delivered, firing, executor,
                registry, clock);
        Instant since = clock.instant().minus(config.kafka().dedupRetention());
        followers.add(new TopicFollower(kafka.reader("alert-config"), Topic.CONFIG.topicName(), null, r -> {
            if (r.value() == null) {
                inventory.remove(DeviceId.of(r.key()));
            } else {
                inventory.apply(EventJson.fromBytes(r.value(), ConfigRecord.class));
            }
        }));
        followers.add(new TopicFollower(kafka.reader("alert-silences"), Topic.ALERT_SILENCES.topicName(), null,
                silences::apply));
        // Which conditions fired where: a resolution goes only where its firing went, also across restarts.
        followers.add(new TopicFollower(kafka.reader("alert-firing"), Topic.ALERT_FIRING.topicName(), null, r -> {
            if (r.value() != null) {
                firing.apply(r.value());
            }
        }));
        followers.add(new TopicFollower(kafka.reader("alert-sent"), Topic.ALERTS.topicName(), since,
                r -> delivered.recordSent(r.value())));
        followers.add(new TopicFollower(kafka.reader("alert-dead-letters"), Topic.ALERT_NOTIFICATIONS_FAILED.topicName(), since,
                r -> delivered.recordDeadLetter(r.value())));
        executor.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        // Alertmanager forgets a firing alert that is not posted again: each receiver's resend interval is checked
        // every second, once the firing log is read (before that the log does not yet know what fires).
        executor.scheduleWithFixedDelay(this::resendToAlertmanagers, 1, 1, TimeUnit.SECONDS);
        registry.gauge("fosfleet.alert.events.waiting", tracker, OffsetTracker::pending);
        loop = new Thread(this::run, "alert-events");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (loop != null) {
            loop.join(10_000);
        }
        for (TopicFollower f : followers) {
            f.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    public SilenceStore silences() {
        return silences;
    }

    /** Which conditions fired at which receiver. */
    public FiringLog firing() {
        return firing;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** Ready once the state topics are read and events are being consumed. */
    public boolean ready() {
        return consuming && followers.stream().allMatch(TopicFollower::caughtUp);
    }

    public boolean alive() {
        return loop != null && (loop.isAlive() || !running);
    }

    private void run() {
        try {
            // Silences, inventory and what was delivered before must be known before the first event is judged.
            for (TopicFollower f : followers) {
                while (running && !f.awaitCaughtUp(Duration.ofSeconds(10))) {
                    LOG.warn("still reading state topics before consuming events");
                }
            }
            consumer = kafka.groupConsumer("alert-service");
            consumer.subscribe(List.of(Topic.DEVICE_EVENTS.topicName(), Topic.HEARTBEAT_EVENTS.topicName()),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            commit();
                            tracker.forget(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            // nothing to set up: tracking starts with the first record
                        }

                        @Override
                        public void onPartitionsLost(Collection<TopicPartition> partitions) {
                            tracker.forget(partitions);
                        }
                    });
            consuming = true;
            while (running) {
                if (tracker.pending() > MAX_PENDING) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
                commit();
            }
            commit();
        } catch (WakeupException e) {
            // shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("event consumer stopped", e);
        } finally {
            consuming = false;
            if (consumer != null) {
                consumer.close();
            }
        }
    }

    private void commit() {
        var offsets = tracker.committable();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            tracker.committed(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // A rebalance or a broker away: the same offsets are offered again at the next poll, nothing is lost.
            LOG.warnf("commit failed, retried after the next poll: %s", e.getMessage());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        OffsetTracker.Ticket ticket = tracker.track(new TopicPartition(r.topic(), r.partition()), r.offset());
        try {
            AlertEvent event = parse(r);
            if (event == null) {
                return;
            }
            count("fosfleet.alert.events.in", "topic", r.topic());
            synchronized (seen) {
                if (seen.put(event.id(), Boolean.TRUE) != null) {
                    count("fosfleet.alert.deduplicated", "reason", "event_id");
                    return;
                }
            }
            try {
                // Every event moves the state inhibition judges by, whether it is notified or not.
                inhibitor.observe(event);
                var derived = fastFailover.derive(event, inhibitor);
                derived.ifPresent(inhibitor::observe);
                // A kick failure waits for the DeviceUnreachable that usually follows it (KickFailureGrace).
                if (kickGrace.hold(event, inhibitor.unreachable().contains(event.deviceId()), ticket,
                        clock.instant())) {
                    ticket.retain();
                    return;
                }
                var settled = kickGrace.settle(event);
                process(event, ticket);
                if (derived.isPresent()) {
                    process(derived.get(), ticket);
                }
                settled.ifPresent(o -> letGo(o.held(), o.dropped()));
            } catch (RuntimeException e) {
                // judging an event is deterministic: trying it again would fail again
                deadLetter(r, DeadLetters.Cause.FAILED, Reasons.of(e), 1);
            }
        } finally {
            ticket.release();
        }
    }

    /** Null for a record this version cannot read: dead-lettered, never blocking the partition. */
    private AlertEvent parse(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            if (r.topic().equals(Topic.DEVICE_EVENTS.topicName())) {
                DeviceEvent e = EventJson.fromBytes(r.value(), DeviceEvent.class);
                return AlertEvent.of(e, inventory.of(e.deviceId()));
            }
            HeartbeatEvent e = EventJson.fromBytes(r.value(), HeartbeatEvent.class);
            return AlertEvent.of(e, inventory.of(e.deviceId()));
        } catch (EventFormatException | IllegalArgumentException e) {
            deadLetter(r, DeadLetters.Cause.UNREADABLE, e.getMessage(), 0);
            return null;
        }
    }

    /**
     * Copies the record to its topic's dead letters before its offset may be committed. Should Kafka not take it,
     * the record is passed all the same (counted in {@code fosfleet_alert_records_skipped_total}): alerting goes on.
     */
    private void deadLetter(ConsumerRecord<String, byte[]> r, DeadLetters.Cause cause, String reason, int attempts) {
        String partition = r.topic() + "-" + r.partition();
        try {
            deadLetters.send(r, cause, reason, attempts);
            rateLimited.warn(partition, DeadLetters.where(r) + " dead-lettered (" + cause.tag() + "): " + reason);
        } catch (IllegalStateException e) {
            count("fosfleet.alert.records.skipped", "topic", r.topic());
            rateLimited.warn(partition, DeadLetters.where(r) + " skipped (" + cause.tag() + "): " + reason + "; "
                    + e.getMessage());
        }
    }

    /** @param ticket the consumed record behind the event; null for notices made here */
    private void process(AlertEvent event, OffsetTracker.Ticket ticket) {
        Instant now = clock.instant();
        AlertEvent e = event;
        switch (flapping.observe(event, now)) {
            case HOLD -> {
                count("fosfleet.alert.held", "reason", "flapping");
                return;
            }
            case START -> e = event.as(Condition.FLAPPING, event.id(), event.condition().alertName() + ": "
                    + config.flapping().threshold() + " state changes within " + config.flapping().window().toSeconds() + " s; last: "
                    + event.condition().summary());
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
            Runnable done = () -> { };
            if (ticket != null) {
                ticket.retain();
                done = ticket::release;
            }
            grouper.add(route, receiver, e, done, now);
        }
    }

    /**
     * A held kick failure ends: processed now (its DeviceUnreachable came, which inhibits it, or its grace ran out),
     * or dropped because kicks were answered again within the grace.
     */
    private void letGo(KickFailureGrace.Held<OffsetTracker.Ticket> held, boolean dropped) {
        for (int i = 0; i < held.events().size(); i++) {
            OffsetTracker.Ticket ticket = held.attachments().get(i);
            try {
                if (dropped) {
                    count("fosfleet.alert.held", "reason", "kick_failure_grace");
                } else {
                    process(held.events().get(i), ticket);
                }
            } finally {
                ticket.release();
            }
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (KickFailureGrace.Held<OffsetTracker.Ticket> held : kickGrace.due(now)) {
                letGo(held, false);
            }
            for (AlertEvent notice : flapping.stabilised(now)) {
                process(notice, null);
            }
            for (Grouper.Batch b : grouper.due(now)) {
                // As in Alertmanager, a silence created while a group waited still holds its alerts back.
                List<Grouper.Entry> send = new ArrayList<>();
                var inhibitRules = routing.rules().inhibitRules();
                for (Grouper.Entry entry : b.entries()) {
                    if (silences.silencing(entry.event(), now).isPresent()) {
                        count("fosfleet.alert.silenced", "alertname", entry.event().condition().alertName());
                        entry.done().run();
                    } else if (inhibitor.inhibitedBy(entry.event(), inhibitRules).isPresent()) {
                        // As in Alertmanager, judged when the group goes out, against the alerts firing then.
                        count("fosfleet.alert.inhibited", "alertname", entry.event().condition().alertName());
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
            if (now.isAfter(nextPrune)) {
                delivered.prune(now);
                nextPrune = now.plus(Duration.ofMinutes(1));
            }
        } catch (RuntimeException e) {
            LOG.error("grouping tick failed", e);
        }
    }

    private void resendToAlertmanagers() {
        if (!consuming) {
            return;
        }
        try {
            alertmanager.resend(routing.rules(), firing, inventory, clock.instant());
        } catch (RuntimeException e) {
            LOG.error("re-sending to Alertmanager failed", e);
        }
    }

    /**
     * The same events to the same receiver make the same id, also after a crash and replay: it travels as the
     * webhook's Idempotency-Key and the mail's Message-ID, so a receiver can drop the one duplicate a crash between
     * sending and recording can cause.
     */
    static UUID notificationId(String receiver, List<AlertEvent> events) {
        String ids = events.stream().map(e -> e.id().toString()).sorted().collect(java.util.stream.Collectors.joining(","));
        return UUID.nameUUIDFromBytes((receiver + "/" + ids).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void count(String name, String tag, String value) {
        registry.counter(name, tag, value).increment();
    }
}
