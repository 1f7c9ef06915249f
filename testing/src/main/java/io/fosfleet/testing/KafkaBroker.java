package io.fosfleet.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process role) running inside this JVM on
 * loopback, for tests and the local run; no Docker needed.
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the directory under which brokers create their data directories. */
    public static final String DATA_DIR_PROPERTY = "fosfleet.kafka.data-dir";

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static KafkaBroker shared;

    private final Properties props;
    private final Path dataDir;
    private final String bootstrapServers;
    /** Null while stopped. */
    private KafkaRaftServer server;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, Properties props, Path dataDir, String bootstrapServers) {
        this.server = server;
        this.props = props;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The one broker every test of this JVM shares, started on first use and stopped when the JVM exits; do not close
     * it. One broker per JVM keeps the test suite fast: a start costs about three seconds.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaBroker broker = start(0, defaultDataRoot());
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
            shared = broker;
        }
        return shared;
    }

    /**
     * Starts a broker and returns once it answers clients.
     *
     * @param port     the client (PLAINTEXT) port, 0 for any free one
     * @param dataRoot the directory in which the broker creates its own data directory, deleted again on close
     */
    public static KafkaBroker start(int port, Path dataRoot) {
        // A port found free can be taken by another process before the broker binds it: with ports of our own
        // choosing, a failed start is tried again on fresh ones (a fixed port is the caller's to guarantee).
        int attempts = port == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(port, dataRoot);
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                System.err.println("in-process Kafka broker did not start (attempt " + attempt + " of " + attempts
                        + "), trying again on other ports: " + e);
            }
        }
    }

    private static KafkaBroker startOnce(int port, Path dataRoot) {
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path dataDir = createDataDir(dataRoot);
        Properties props = properties(clientPort, controllerPort, dataDir);
        KafkaRaftServer server = null;
        try {
            format(props, dataDir);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + clientPort;
            awaitReady(bootstrap);
            return new KafkaBroker(server, props, dataDir, bootstrap);
        } catch (RuntimeException e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            delete(dataDir);
            throw e;
        }
    }

    /** The root of data directories: the {@value #DATA_DIR_PROPERTY} system property, else the temp directory. */
    public static Path defaultDataRoot() {
        return Paths.get(System.getProperty(DATA_DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
    }

    /** The value for a client's {@code bootstrap.servers}, e.g. {@code 127.0.0.1:39113}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** This broker's own data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the broker but keeps its data and ports, to test what clients do during a Kafka outage; {@link #restart()}
     * brings the same cluster back. Does nothing when stopped already.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on its ports and data, and returns once it answers clients. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " is closed");
        }
        if (server == null) {
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            awaitReady(bootstrapServers);
        }
    }

    /** Stops the broker and deletes its data directory; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        delete(dataDir);
    }

    private static Properties properties(int clientPort, int controllerPort, Path dataDir) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + HOST + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dataDir.resolve("logs").toString()),
                // One broker: every internal topic must make do with one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // The default 3 s delay makes the first join of every empty group take ~6.6 s.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Allow the short sessions that let a group hand a dead member's partitions over in 2-4 s
                // (measured, see docs/adr/0002), for the classic protocol and for KIP-848 consumer groups.
                Map.entry("group.min.session.timeout.ms", "1000"),
                Map.entry("group.consumer.session.timeout.ms", "3000"),
                Map.entry("group.consumer.min.session.timeout.ms", "1000"),
                Map.entry("group.consumer.heartbeat.interval.ms", "1000"),
                Map.entry("group.consumer.min.heartbeat.interval.ms", "500")));
        return props;
    }

    private static void format(Properties props, Path dataDir) {
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "in-process KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[]{"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString()}, printStream);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed (exit code " + exitCode
                    + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitReady(String bootstrap) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet: the loop and the deadline decide
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker at " + bootstrap, e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker at " + bootstrap + " did not answer within "
                            + STARTUP_TIMEOUT.toSeconds() + " s");
                }
            }
        }
    }

    private static int freePort() {
        // The port is free now; the broker binds it a moment later. Good enough on a test machine.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path createDataDir(Path dataRoot) {
        try {
            Files.createDirectories(dataRoot);
            return Files.createTempDirectory(dataRoot, "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kafka data directory under " + dataRoot, e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Kafka data directory " + dir, e);
        }
    }
}
