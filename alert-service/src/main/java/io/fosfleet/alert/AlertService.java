package io.fosfleet.alert;

import io.fosfleet.alert.delivery.DeliveredLog;
import io.fosfleet.alert.delivery.Delivery;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.intake.EventIntake;
import io.fosfleet.alert.kafka.TopicFollower;
import io.fosfleet.alert.pipeline.Pipeline;
import io.fosfleet.alert.receiver.AlertmanagerSender;
import io.fosfleet.alert.receiver.MailSender;
import io.fosfleet.alert.receiver.SyslogSender;
import io.fosfleet.alert.receiver.WebhookSender;
import io.fosfleet.alert.routing.RoutingTable;
import io.fosfleet.alert.silence.SilenceStore;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service's lifecycle: at start it creates its topics, rebuilds its state from Kafka (inventory, silences, which
 * conditions fired where, what was delivered in the last days), builds the {@link Pipeline} and {@link Delivery}, and
 * only once that state is read resumes the events channel ({@link EventIntake}), which starts paused. It runs the
 * pipeline's tick and the Alertmanager re-sends, says whether the service is ready, and closes everything at shutdown.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);
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
    private final ChannelRegistry channels;
    private final Clock clock = Clock.systemUTC();
    private final FiringLog firing = new FiringLog();
    private final DeliveredLog delivered;
    private final List<TopicFollower> followers = new ArrayList<>();

    private KafkaProducer<String, String> producer;
    private SilenceStore silences;
    private Delivery delivery;
    private Pipeline pipeline;
    private ScheduledExecutorService executor;
    private Thread starter;
    private volatile boolean consuming;
    private volatile boolean stopping;

    public AlertService(AlertServiceConfig config, KafkaClients kafka, RoutingTable routing, Inventory inventory,
                        MeterRegistry registry, SyslogSender syslog, MailSender mail, WebhookSender webhook,
                        AlertmanagerSender alertmanager, ChannelRegistry channels) {
        this.config = config;
        this.kafka = kafka;
        this.routing = routing;
        this.inventory = inventory;
        this.registry = registry;
        this.syslog = syslog;
        this.mail = mail;
        this.webhook = webhook;
        this.alertmanager = alertmanager;
        this.channels = channels;
        this.delivered = new DeliveredLog(config.kafka().dedupRetention());
    }

    void start(@Observes StartupEvent ignored) {
        // What it writes, and the dead letters of what it reads.
        kafka.createTopics("alert-service-admin", List.of(Topic.ALERTS, Topic.ALERT_NOTIFICATIONS_FAILED,
                Topic.ALERT_SILENCES, Topic.ALERT_FIRING, Topic.DEVICE_EVENTS_DLQ, Topic.HEARTBEAT_EVENTS_DLQ),
                Optional.empty());
        producer = kafka.producer("alert-service", Duration.ofSeconds(10), Duration.ofSeconds(30));
        silences = new SilenceStore(producer, Topic.ALERT_SILENCES.topicName(), inventory);
        executor = Executors.newScheduledThreadPool(config.delivery().threads(), r -> {
            Thread t = new Thread(r, "alert-delivery");
            t.setDaemon(true);
            return t;
        });
        delivery = new Delivery(config, syslog, mail, webhook, alertmanager, producer, delivered, firing, executor,
                registry, clock);
        pipeline = new Pipeline(config, routing, registry, silences, delivered, firing, delivery, clock);
        followState();
        executor.scheduleWithFixedDelay(pipeline::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        // Alertmanager forgets a firing alert that is not posted again: each receiver's resend interval is checked
        // every second, once the firing log is read (before that the log does not yet know what fires).
        executor.scheduleWithFixedDelay(this::resendToAlertmanagers, 1, 1, TimeUnit.SECONDS);
        starter = new Thread(this::consumeOnceStateIsRead, "alert-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Readers of whole topics, on every replica: the state each event is judged by. */
    private void followState() {
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
        followers.add(new TopicFollower(kafka.reader("alert-dead-letters"),
                Topic.ALERT_NOTIFICATIONS_FAILED.topicName(), since, r -> delivered.recordDeadLetter(r.value())));
    }

    /** Silences, inventory and what was delivered before must be known before the first event is judged. */
    private void consumeOnceStateIsRead() {
        try {
            for (TopicFollower f : followers) {
                while (!f.awaitCaughtUp(Duration.ofSeconds(10))) {
                    LOG.warn("still reading state topics before consuming events");
                }
            }
            PausableChannel events = channels.getPausable(EventIntake.CHANNEL);
            if (events == null) {
                throw new IllegalStateException("channel " + EventIntake.CHANNEL + " is not pausable: set "
                        + "mp.messaging.incoming." + EventIntake.CHANNEL + ".pausable=true");
            }
            events.resume();
            consuming = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("cannot start consuming events", e);
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        stopping = true;
        consuming = false;
        if (starter != null) {
            starter.interrupt();
            starter.join(5_000);
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
    }

    /** Judges the events; built at start, before the events channel is resumed. */
    public Pipeline pipeline() {
        return pipeline;
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

    /** Ready once the state topics are read and the events channel is resumed. */
    public boolean ready() {
        return consuming && followers.stream().allMatch(TopicFollower::caughtUp);
    }

    /** Alive unless starting to consume failed; the events channel's own health is SmallRye's check. */
    public boolean alive() {
        return stopping || starter != null && (starter.isAlive() || consuming);
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
}
