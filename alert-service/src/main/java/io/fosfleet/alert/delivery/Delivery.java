package io.fosfleet.alert.delivery;

import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.receiver.AlertmanagerSender;
import io.fosfleet.alert.receiver.MailSender;
import io.fosfleet.alert.receiver.Notification;
import io.fosfleet.alert.receiver.SyslogSender;
import io.fosfleet.alert.receiver.Texts;
import io.fosfleet.alert.receiver.WebhookSender;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.events.Alert;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gets a notification to its receiver: tries, backs off exponentially and tries again up to the receiver's budget,
 * then writes it to the dead-letter topic with the reason. A delivered notification is recorded on {@code fos.alerts}
 * before it counts as done; only then may the events behind it be committed.
 */
public final class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);
    private static final int RECENT = 200;

    private final AlertServiceConfig.Delivery settings;
    private final String deadLetterTopic;
    private final SyslogSender syslog;
    private final MailSender mail;
    private final WebhookSender webhook;
    private final AlertmanagerSender alertmanager;
    private final KafkaProducer<String, String> producer;
    private final DeliveredLog log;
    private final FiringLog firing;
    private final String firingTopic;
    private final ScheduledExecutorService executor;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Deque<Object> recent = new ArrayDeque<>();

    public Delivery(AlertServiceConfig config, SyslogSender syslog, MailSender mail, WebhookSender webhook,
                    AlertmanagerSender alertmanager, KafkaProducer<String, String> producer, DeliveredLog log,
                    FiringLog firing, ScheduledExecutorService executor, MeterRegistry registry, Clock clock) {
        this.settings = config.delivery();
        this.deadLetterTopic = Topic.ALERT_NOTIFICATIONS_FAILED.topicName();
        this.syslog = syslog;
        this.mail = mail;
        this.webhook = webhook;
        this.alertmanager = alertmanager;
        this.producer = producer;
        this.log = log;
        this.firing = firing;
        this.firingTopic = Topic.ALERT_FIRING.topicName();
        this.executor = executor;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Delivers in the background and runs {@code done} once the notification was delivered or dead-lettered. The
     * receiver has a channel: what goes to a discarding receiver never gets this far.
     */
    public void submit(Notification n, Runnable done) {
        executor.execute(() -> attempt(n, 1, clock.instant(), done));
    }

    /** The last notifications sent and dead-lettered, newest first: {@link Alert}s and {@link DeadLetter}s. */
    public synchronized List<Object> recent() {
        return List.copyOf(recent);
    }

    /**
     * Why a delivery failed, for the NOC (log and dead-letter record): the channel and what went wrong, in words —
     * never a Java class name; an exception without a message is named by what it means.
     */
    static String failure(ReceiverSpec.Channel channel, Exception e) {
        String what = channel instanceof ReceiverSpec.Mail ? "mail" : channel instanceof ReceiverSpec.Webhook
                ? "webhook" : channel instanceof ReceiverSpec.Alertmanager ? "alertmanager" : "syslog";
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e instanceof java.net.SocketTimeoutException || e instanceof java.net.http.HttpTimeoutException
                    ? "timed out" : e instanceof java.net.ConnectException ? "connection refused"
                    : "failed without a reason";
        }
        return what + ": " + message;
    }

    private void attempt(Notification n, int attempt, Instant firstAttempt, Runnable done) {
        ReceiverSpec.Channel channel = n.receiver().channel().orElseThrow();
        String receiver = n.receiver().name();
        Instant now = clock.instant();
        try {
            send(channel, n, now);
        } catch (Exception e) {
            String reason = failure(channel, e);
            registry.counter("fosfleet.alert.notifications.failed", "receiver", receiver).increment();
            int budget = n.receiver().maxAttempts().orElse(settings.maxAttempts());
            if (attempt >= budget) {
                deadLetter(n, attempt, reason, firstAttempt, done);
                return;
            }
            Duration backoff = backoff(attempt);
            LOG.warnf("notification %s to %s failed (attempt %d of %d), next in %s: %s", n.id(), receiver, attempt,
                    budget, backoff, reason);
            executor.schedule(() -> attempt(n, attempt + 1, firstAttempt, done), backoff.toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        registry.counter("fosfleet.alert.notifications.sent", "receiver", receiver).increment();
        // Before fos.alerts: a crash in between replays the event (it is not yet known as delivered), never loses
        // the knowledge that the condition fired.
        recordFiring(n);
        Alert alert = Alert.sent(channelOf(channel), n.lead().deviceId(), n.firstOccurred(), "alert-service", receiver,
                n.eventIds(), n.severity(), Texts.subject(n), Texts.body(n), now);
        record(Topic.ALERTS.topicName(), alert.deviceId().value(), EventJson.toJson(alert), alert);
        log.add(n.eventIds(), receiver, now);
        done.run();
    }

    private void deadLetter(Notification n, int attempts, String reason, Instant firstAttempt, Runnable done) {
        String receiver = n.receiver().name();
        LOG.errorf("notification %s to %s dead-lettered after %d attempts: %s", n.id(), receiver, attempts, reason);
        registry.counter("fosfleet.alert.notifications.dead_lettered", "receiver", receiver).increment();
        recordFiring(n);
        DeadLetter d = new DeadLetter(n.id(), n.lead().deviceId(), receiver, channelOf(n.receiver().channel().orElseThrow()),
                n.eventIds(), n.severity(), Texts.subject(n), Texts.body(n), attempts, reason, firstAttempt, clock.instant());
        record(deadLetterTopic, d.deviceId().value(), EventJson.toJson(d), d);
        log.add(n.eventIds(), receiver, d.deadLetteredAt());
        done.run();
    }

    /**
     * Persists which conditions now fire (or are resolved) at the receiver. A dead-lettered firing counts as notified:
     * the dead-letter record tells the NOC about it, and its resolution, when it comes, is sent.
     */
    private void recordFiring(Notification n) {
        for (FiringLog.Entry e : firing.notified(n.receiver().name(), n.events())) {
            record(firingTopic, e.key(), EventJson.toJson(e), null);
        }
    }

    /**
     * Writes the audit record and waits for the broker. Kafka being away must not turn a delivered notification into
     * a lost record, so this waits until it succeeds; meanwhile the events stay uncommitted.
     */
    private void record(String topic, String key, String json, Object kept) {
        Duration pause = settings.initialBackoff();
        while (true) {
            try {
                producer.send(new ProducerRecord<>(topic, key, json)).get();
                break;
            } catch (ExecutionException | RuntimeException e) {
                LOG.warnf("cannot record on %s, retrying in %s: %s", topic, pause, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = min(pause.multipliedBy(2), settings.maxBackoff());
        }
        if (kept == null) {
            return;
        }
        synchronized (this) {
            recent.addFirst(kept);
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    private void send(ReceiverSpec.Channel channel, Notification n, Instant now) throws Exception {
        if (channel instanceof ReceiverSpec.Syslog s) {
            syslog.send(s, n, now);
        } else if (channel instanceof ReceiverSpec.Mail m) {
            mail.send(m, n, now);
        } else if (channel instanceof ReceiverSpec.Webhook w) {
            webhook.send(w, n, now);
        } else if (channel instanceof ReceiverSpec.Alertmanager a) {
            alertmanager.send(n.receiver().name(), a, n, firing, now);
        }
    }

    private static Alert.Channel channelOf(ReceiverSpec.Channel channel) {
        if (channel instanceof ReceiverSpec.Syslog) {
            return Alert.Channel.SYSLOG;
        }
        if (channel instanceof ReceiverSpec.Alertmanager) {
            return Alert.Channel.ALERTMANAGER;
        }
        return channel instanceof ReceiverSpec.Mail ? Alert.Channel.MAIL : Alert.Channel.WEBHOOK;
    }

    /** initial × 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        Duration d = settings.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return min(d, settings.maxBackoff());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
