package io.fosfleet.heartbeat;

import io.fosfleet.heartbeat.auth.NodeAuthenticator;
import io.fosfleet.heartbeat.failover.FailoverCommands;
import io.fosfleet.heartbeat.kafka.ConfigConsumer;
import io.fosfleet.heartbeat.kafka.KafkaPublisher;
import io.fosfleet.heartbeat.kafka.KickSummaries;
import io.fosfleet.heartbeat.kafka.NodeHeartbeatConsumer;
import io.fosfleet.heartbeat.kafka.Outbox;
import io.fosfleet.heartbeat.kick.KickScheduler;
import io.fosfleet.heartbeat.pair.HandoverTiming;
import io.fosfleet.heartbeat.pair.PairContext;
import io.fosfleet.heartbeat.pair.PairSupervisor;
import io.fosfleet.heartbeat.probe.LocalStalls;
import io.fosfleet.heartbeat.probe.PassiveHeartbeats;
import io.fosfleet.heartbeat.probe.ProbeChecks;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.KafkaClients;
import io.fosfleet.kafka.KafkaClients.GroupTiming;
import io.fosfleet.kafka.KafkaClients.ProducerTiming;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.IsolationLevel;
import org.jboss.logging.Logger;

/**
 * Assembles one replica from its parts at startup and takes it apart at shutdown in the order that never leaves a
 * pair unkicked: leave the group first (the partitions move at once), keep kicking for the grace period while the
 * other replicas take over, only then stop.
 */
@ApplicationScoped
public class HeartbeatService {

    private static final Logger LOG = Logger.getLogger(HeartbeatService.class);
    /**
     * The producer of the outbox and the kick summaries. Only their sender threads call send, and they must come back
     * to retry rather than hang while Kafka is away: a short max.block (2 s) and request (5 s); a record not
     * acknowledged within 15 s counts as not sent and is sent again.
     */
    static final ProducerTiming OUTBOX_PRODUCER = new ProducerTiming(Duration.ofMillis(5), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(15));
    /** The client's default: at most this many fos.config records per poll of the config consumer. */
    private static final int MAX_POLL_RECORDS = ConsumerConfig.DEFAULT_MAX_POLL_RECORDS;

    private final Vertx vertx;
    private final HeartbeatConfig config;
    private final KafkaClients kafka;
    private final HeartbeatMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final PassiveHeartbeats passive = new PassiveHeartbeats();
    private final NodeAuthenticator authenticator;
    private final String replicaId;

    private KickScheduler kicks;
    private ProbeChecks checks;
    private LocalStalls stalls;
    private Outbox outbox;
    private KickSummaries summaries;
    private PairSupervisor supervisor;
    private ConfigConsumer configConsumer;
    private DeadLetters deadLetters;
    private NodeHeartbeatConsumer heartbeatConsumer;

    public HeartbeatService(Vertx vertx, HeartbeatConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry, JWTParser parser) {
        this.vertx = vertx;
        this.config = config;
        this.kafka = new KafkaClients(kafka);
        this.metrics = new HeartbeatMetrics(registry);
        this.authenticator = new NodeAuthenticator(parser, config.tokenCacheSize(), metrics, clock,
                config.refusedLogInterval());
        this.replicaId = hostName() + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    }

    void onStart(@Observes StartupEvent event) {
        if (config.probeInconclusiveLimit() < 0) {
            throw new IllegalArgumentException("fosfleet.heartbeat.probe-inconclusive-limit must be 0 or more, not "
                    + config.probeInconclusiveLimit());
        }
        if (config.stallDetectorTick().isNegative() || config.stallDetectorTick().isZero()) {
            throw new IllegalArgumentException("fosfleet.heartbeat.stall-detector-tick must be positive, not "
                    + config.stallDetectorTick());
        }
        try {
            kicks = KickScheduler.open(Gbl4Client.Options.defaults().withTimeout(config.kickTimeout())
                    .withRetries(config.kickRetries()).withPort(config.gbl4Port()), metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the GBL4 kick socket", e);
        }
        stalls = new LocalStalls(System::nanoTime);
        stalls.startDetector(config.stallDetectorTick(), metrics::localStall);
        checks = new ProbeChecks(vertx, passive, clock, stalls);
        if (config.kickSummaryRefresh().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("fosfleet.heartbeat.kick-summary-refresh must be at least 1s, not "
                    + config.kickSummaryRefresh());
        }
        KafkaProducer<String, byte[]> producer = kafka.producer(replicaId + "-producer", OUTBOX_PRODUCER,
                new ByteArraySerializer());
        outbox = new Outbox(producer, config.outboxCapacity(), metrics);
        summaries = new KickSummaries(producer);
        HandoverTiming timing = new HandoverTiming(config.sessionTimeout(), config.heartbeatInterval());
        PairContext ctx = new PairContext(vertx, kicks, checks, new KafkaPublisher(outbox, summaries),
                new FailoverCommands(config.serviceName(), config.commandTtl(), clock), metrics, timing,
                config.serviceName(), clock, stalls, config.probeInconclusiveLimit(), replicaId,
                config.kickSummaryRefresh());
        supervisor = new PairSupervisor(ctx, config.handoverGrace());
        metrics.gauge("fosfleet.heartbeat.pairs.owned", "pairs whose partition this replica owns",
                supervisor::owned);
        metrics.gauge("fosfleet.heartbeat.pairs.kicking", "owned pairs being kicked now", supervisor::kicking);
        metrics.gauge("fosfleet.heartbeat.outbox.size", "events and commands waiting for Kafka", outbox::size);
        metrics.gauge("fosfleet.heartbeat.kick.summaries.waiting", "pairs whose newest kick summary waits for Kafka",
                summaries::waiting);
        configConsumer = new ConfigConsumer(kafka.groupConsumer(replicaId + "-config", config.groupId(), "earliest",
                GroupTiming.classic(config.sessionTimeout(), config.heartbeatInterval()), MAX_POLL_RECORDS,
                IsolationLevel.READ_COMMITTED), supervisor, metrics,
                deadLetters = kafka.deadLetters(replicaId, config.groupId(), metrics::deadLettered));
        heartbeatConsumer = new NodeHeartbeatConsumer(kafka.reader(replicaId + "-node-heartbeats"),
                config.nodeHeartbeatsTopic(), passive, authenticator, clock);
        configConsumer.start();
        heartbeatConsumer.start();
        LOG.infof("replica %s started", replicaId);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (configConsumer == null) {
            return; // the start failed before anything ran
        }
        LOG.infof("replica %s shutting down: leaving the group, kicking %s more", replicaId, config.handoverGrace());
        supervisor.shuttingDown(replicaId);
        configConsumer.close();
        sleep(config.handoverGrace());
        supervisor.stopAll("replica " + replicaId + " shut down");
        heartbeatConsumer.close();
        deadLetters.close();
        supervisor.close();
        summaries.close();
        outbox.close(Duration.ofSeconds(5));
        kicks.close();
        checks.close();
        stalls.close();
    }

    /**
     * A node's passive heartbeat received over REST with its authorization header: believed only with the node's own
     * token ({@link NodeAuthenticator}); then it counts here at once, and reaches every replica through Kafka with
     * the same token, which they check in turn.
     *
     * @return why it was refused, if it was
     */
    public Optional<NodeAuthenticator.Refusal> nodeHeartbeat(String node, String authorization) {
        Optional<NodeAuthenticator.Refusal> refusal =
                authenticator.check(node, authorization, NodeAuthenticator.Via.REST);
        if (refusal.isPresent()) {
            return refusal;
        }
        Instant now = clock.instant();
        passive.record(node, now);
        outbox.append(new ProducerRecord<>(config.nodeHeartbeatsTopic(), null, now.toEpochMilli(), node,
                now.toString().getBytes(StandardCharsets.UTF_8), List.of(new RecordHeader(
                        NodeHeartbeatConsumer.AUTHORIZATION_HEADER, authorization.getBytes(StandardCharsets.UTF_8)))));
        return Optional.empty();
    }

    public PairSupervisor pairs() {
        return supervisor;
    }

    public String replicaId() {
        return replicaId;
    }

    public boolean ready() {
        return configConsumer != null && configConsumer.ready();
    }

    /** Whether the kick timer still runs: the one thing a replica must never stop doing. */
    public boolean kickTimerAlive() {
        return kicks != null && System.nanoTime() - kicks.lastTickNanos() < Duration.ofSeconds(5).toNanos();
    }

    public boolean kafkaReachable() {
        return outbox != null && outbox.connected()
                && System.nanoTime() - configConsumer.lastPollNanos() < Duration.ofSeconds(5).toNanos();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "heartbeat";
        }
    }
}
