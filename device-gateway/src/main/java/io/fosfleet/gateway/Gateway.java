package io.fosfleet.gateway;

import io.fosfleet.events.DeviceId;
import io.fosfleet.gateway.command.CommandDispatcher;
import io.fosfleet.gateway.command.CommandRunner;
import io.fosfleet.gateway.credential.CredentialStore;
import io.fosfleet.gateway.device.DeviceContext;
import io.fosfleet.gateway.device.DeviceView;
import io.fosfleet.gateway.device.DeviceWorker;
import io.fosfleet.gateway.discovery.Discovery;
import io.fosfleet.gateway.fleet.Fleet;
import io.fosfleet.gateway.kafka.FleetConsumer;
import io.fosfleet.gateway.kafka.FleetTopics;
import io.fosfleet.gateway.kafka.Publisher;
import io.fosfleet.gateway.syslog.SyslogReceiver;
import io.fosfleet.kafka.KafkaClients;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One device-gateway replica, without any framework: fleet membership, device workers, syslog receiver, command
 * execution and publishing, wired together. The Quarkus application runs one; tests may run several in one JVM.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final ScheduledExecutorService loop;
    private final Gbl4Client gbl4;
    private final Publisher publisher;
    private final Fleet fleet;
    private final SyslogReceiver syslog;
    private final FleetConsumer consumer;

    private Gateway(ScheduledExecutorService loop, Gbl4Client gbl4, Publisher publisher, Fleet fleet,
                    SyslogReceiver syslog, FleetConsumer consumer) {
        this.loop = loop;
        this.gbl4 = gbl4;
        this.publisher = publisher;
        this.fleet = fleet;
        this.syslog = syslog;
        this.consumer = consumer;
    }

    /**
     * Starts a replica: checks (and, when configured, creates) the topics, binds the syslog port, joins the group.
     *
     * @param kafkaSettings the {@code kafka.*} settings without their prefix ({@code bootstrap.servers} and any
     *                      security settings), as {@link KafkaClients} takes them
     */
    public static Gateway start(GatewayConfig config, Map<String, Object> kafkaSettings, MeterRegistry registry,
                                Clock clock) {
        GatewayConfig g = config;
        KafkaClients kafka = new KafkaClients(kafkaSettings);
        String clientId = g.source() + "-" + UUID.randomUUID().toString().substring(0, 8);
        FleetTopics.prepare(kafka, clientId, g.kafka());
        GatewayMetrics metrics = new GatewayMetrics(registry);
        CredentialStore credentials = new CredentialStore(config.credentials());
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, clientId + "-devices");
            t.setDaemon(true);
            return t;
        });
        Gbl4Client gbl4;
        try {
            gbl4 = Gbl4Client.open();
        } catch (IOException e) {
            loop.shutdownNow();
            throw new UncheckedIOException("cannot open the GBL4 socket", e);
        }
        metrics.gbl4ForeignReplies(gbl4::foreignReplies);
        Publisher publisher = new Publisher(kafka, clientId, metrics);
        DeviceContext ctx = new DeviceContext(loop, new HttpDeviceClient(g.poll().timeout(), Runnable::run), gbl4, publisher,
                credentials, config, metrics, clock);
        Fleet fleet = new Fleet(ctx, metrics);
        SyslogReceiver syslog;
        try {
            syslog = new SyslogReceiver(new InetSocketAddress(g.syslog().host(), g.syslog().port()), fleet, loop,
                    metrics);
        } catch (IOException e) {
            publisher.close();
            gbl4.close();
            loop.shutdownNow();
            throw new UncheckedIOException("cannot receive syslog on udp " + g.syslog().host() + ":"
                    + g.syslog().port(), e);
        }
        CommandDispatcher dispatcher = new CommandDispatcher(ctx, new CommandRunner(ctx, new Discovery(gbl4, g)),
                fleet::device);
        FleetConsumer consumer = new FleetConsumer(kafka, g.kafka().groupId(), clientId, g.kafka().commandHistory(),
                g.commands().timeout(), fleet, dispatcher, loop, metrics, clock);
        consumer.start();
        LOG.infof("gateway %s started in group %s", clientId, g.kafka().groupId());
        return new Gateway(loop, gbl4, publisher, fleet, syslog, consumer);
    }

    /** Kafka is connected, the group has assigned this replica its partitions and their configuration is read. */
    public boolean ready() {
        return consumer.ready();
    }

    /** The fleet consumer has not died. */
    public boolean alive() {
        return consumer.alive() && !loop.isShutdown();
    }

    /** The owned devices, by id. */
    public List<DeviceView> devices() {
        return fleet.views();
    }

    public Optional<DeviceView> device(DeviceId id) {
        return Optional.ofNullable(fleet.device(id)).map(DeviceWorker::view);
    }

    /** The UDP port receiving device syslog (useful when configured as 0). */
    public int syslogPort() {
        return syslog.port();
    }

    /** Leaves the group (the devices go to the other replicas), then stops everything. */
    @Override
    public void close() {
        consumer.close();
        syslog.close();
        loop.shutdown();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        gbl4.close();
    }
}
