package io.fosfleet.config.history;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.audit.CommandAudit;
import io.fosfleet.config.command.CommandService;
import io.fosfleet.config.console.ConsoleFleet;
import io.fosfleet.config.kafka.DatabasePatience;
import io.fosfleet.config.kafka.KafkaSetup;
import io.fosfleet.config.pair.HaCheck;
import io.fosfleet.config.pair.HaChecks;
import io.fosfleet.config.pair.PairEntity;
import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventFormatException;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.RecordLoop;
import io.fosfleet.kafka.messaging.Unreadable;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads what the other services report: device state and events and heartbeat events into the history, the commands
 * other services send on their own into the audit, command results into their commands and audit entries — all on
 * the {@code ingest} channel, shared between replicas through the service's consumer group and committed after the
 * database write; and, on a group of its own, every device and heartbeat event into this replica's live stream and
 * every state and event into the console's open pages; and, read whole from its start by every replica,
 * heartbeat-service's kick summaries into the console's watchdog cells. Also prunes the history to its bound.
 */
@ApplicationScoped
public class Ingest {

    private static final Logger LOG = Logger.getLogger(Ingest.class);

    private final KafkaSetup kafka;
    private final HistoryStore history;
    private final CommandService commands;
    private final HaChecks haChecks;
    private final LiveEvents live;
    private final EntityManager em;
    private final ConfigServiceConfig config;
    private final ConsoleFleet console;
    private final CommandAudit commandAudit;
    private final DatabasePatience patience;
    private RecordLoop liveLoop;
    private RecordLoop kicksLoop;
    private ScheduledExecutorService pruner;

    public Ingest(KafkaSetup kafka, HistoryStore history, CommandService commands, HaChecks haChecks,
                  LiveEvents live, EntityManager em, ConfigServiceConfig config,
                  ConsoleFleet console, CommandAudit commandAudit, DatabasePatience patience) {
        this.kafka = kafka;
        this.history = history;
        this.commands = commands;
        this.haChecks = haChecks;
        this.live = live;
        this.em = em;
        this.config = config;
        this.console = console;
        this.commandAudit = commandAudit;
        this.patience = patience;
    }

    void start(@Observes StartupEvent ignored) {
        liveLoop = kafka.view("live", List.of(Topic.DEVICE_STATE, Topic.DEVICE_EVENTS, Topic.HEARTBEAT_EVENTS),
                (r, record) -> {
                    if (record != null) {
                        forward(record);
                    }
                }).start();
        // compacted, one small record per pair: every replica keeps the latest of each in memory
        kicksLoop = kafka.replay("kicks", List.of(Topic.HEARTBEAT_KICKS),
                (r, record) -> {
                    if (r.key() != null) {
                        console.seen(r.key(), (KickSummary) record);
                    }
                }).start();
        pruner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "history-pruner"));
        long every = config.history().pruneInterval().toMillis();
        pruner.scheduleWithFixedDelay(this::prune, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        pruner.shutdownNow();
        liveLoop.close();
        kicksLoop.close();
    }

    /**
     * One record of the replicas' shared group ({@code fos.device.state}, {@code fos.device.events},
     * {@code fos.heartbeat.events}, {@code fos.device.commands}, {@code fos.device.command-results}): returning acks
     * it (committed once every record before it on its partition is acked too); throwing hands it to the channel's
     * failure strategy, which dead-letters it. A record this version cannot read throws at once; a database outage is
     * waited out here, never thrown.
     */
    @Incoming(KafkaSetup.INGEST)
    @Blocking
    public void ingest(ConsumerRecord<String, byte[]> r) throws InterruptedException {
        if (r.value() == null) {
            return;  // a tombstone: nothing happened
        }
        Envelope record;
        try {
            record = EventJson.fromBytes(r.value(), Topic.byName(r.topic()).valueType());
        } catch (EventFormatException e) {
            throw e;  // dead-lettered as unreadable
        } catch (IllegalArgumentException e) {
            throw new Unreadable(e.getMessage(), e);
        }
        patience.store(r, () -> store(record));
    }

    private void store(Envelope record) {
        if (record instanceof DeviceState s) {
            history.state(s);
        } else if (record instanceof DeviceEvent e) {
            history.deviceEvent(e);
        } else if (record instanceof HeartbeatEvent e) {
            if (history.heartbeatEvent(e) != null && e.details().containsKey(HaChecks.WORST_CASE_GAP)) {
                warnIfTooShort(e.pairId());
            }
        } else if (record instanceof DeviceCommand c) {
            commandAudit.commanded(c);
        } else if (record instanceof CommandResult r && !commands.completed(r)) {
            commandAudit.completed(r);  // a command another service issued: its audit entry, if read already
        }
    }

    /** A heartbeat report of the worst-case gap: tell the NOC at once if the pair's watchdog would not survive it. */
    private void warnIfTooShort(String pairId) {
        HaCheck check = QuarkusTransaction.requiringNew().call(() -> {
            PairEntity pair = em.find(PairEntity.class, pairId);
            return pair == null ? null : haChecks.check(pair);
        });
        if (check != null && check.verdict() == HaCheck.Verdict.WARNING) {
            String deviceId = QuarkusTransaction.requiringNew().call(() -> em.find(PairEntity.class, pairId).deviceId);
            LOG.warnf("HA check of pair %s: %s", pairId, check.message());
            live.emit(new LiveEvent(UUID.randomUUID().toString(), "CONFIG", "HA_WARNING", deviceId, pairId,
                    QuarkusTransaction.requiringNew().call(() -> history.siteOf(deviceId)), Instant.now(),
                    check.message(), Map.of("watchdogInterval", check.watchdogInterval().toString(),
                    HaChecks.WORST_CASE_GAP, check.worstCaseGap().toString())));
        }
    }

    private void forward(Envelope record) {
        if (record instanceof DeviceState s) {
            console.seen(s);
            return;
        }
        String deviceId = record.deviceId().value();
        String[] siteAndPair = QuarkusTransaction.requiringNew().call(
                () -> new String[] {history.siteOf(deviceId), history.pairOf(deviceId)});
        String site = siteAndPair[0];
        LiveEvent event = null;
        if (record instanceof DeviceEvent e) {
            event = new LiveEvent(e.id().toString(), "DEVICE", e.type().name(), deviceId, siteAndPair[1], site,
                    e.occurredAt(), e.message(), e.details());
        } else if (record instanceof HeartbeatEvent e) {
            event = new LiveEvent(e.id().toString(), "HEARTBEAT", e.type().name(), deviceId, e.pairId(), site,
                    e.occurredAt(), e.message(), e.details());
        }
        if (event != null) {
            live.emit(event);
            console.seen(event);
        }
    }

    private void prune() {
        try {
            int pruned = history.prune(config.history().maxEvents());
            if (pruned > 0) {
                LOG.debugf("history: pruned %d events beyond %d", pruned, config.history().maxEvents());
            }
        } catch (RuntimeException e) {
            LOG.warnf("history pruning failed: %s", e.toString());
        }
    }
}
