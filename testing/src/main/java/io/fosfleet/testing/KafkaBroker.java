package io.fosfleet.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process role) running inside this JVM on
 * loopback, for tests and the local run; no Docker needed.
 *
 * <p>Plaintext without identities by default ({@link #start}); {@link #startSecured} runs it the way a production
 * cluster is run: clients authenticate with SASL/SCRAM-SHA-512 (over {@code SASL_PLAINTEXT}: loopback only) and the
 * {@code StandardAuthorizer} allows only what the given ACLs allow. Its super user {@value #ADMIN_USER} (a fresh random
 * password per broker) is for the test harness: creating topics, tapping them. {@link #clientSettings(String)} gives a
 * user's client settings, exactly the {@code kafka.*} settings a service is started with.
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the directory under which brokers create their data directories. */
    public static final String DATA_DIR_PROPERTY = "fosfleet.kafka.data-dir";

    /** The super user of a secured broker: everything is allowed to it. */
    public static final String ADMIN_USER = "admin";
    /** The SASL mechanism of a secured broker. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private static final String HOST = "127.0.0.1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static KafkaBroker shared;

    private final Properties props;
    private final Path dataDir;
    private final String bootstrapServers;
    /** User → password of a secured broker, the super user first; empty for a plaintext one. */
    private final Map<String, String> passwords;
    /** Null while stopped. */
    private KafkaRaftServer server;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, Properties props, Path dataDir, String bootstrapServers,
                        Map<String, String> passwords) {
        this.server = server;
        this.props = props;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.passwords = passwords;
    }

    /**
     * The users and ACLs of a secured broker.
     *
     * @param users user name → password (SCRAM-SHA-512 credentials are created for each); not {@value #ADMIN_USER}
     * @param acls  what the users may do; nothing else is allowed to anyone but the super user
     */
    public record Security(Map<String, String> users, Collection<AclBinding> acls) {
        public Security {
            users = Map.copyOf(users);
            acls = List.copyOf(acls);
            if (users.containsKey(ADMIN_USER)) {
                throw new IllegalArgumentException(ADMIN_USER + " is the broker's own super user");
            }
        }

        /** Without the passwords. */
        @Override
        public String toString() {
            return "Security[users " + users.keySet() + ", " + acls.size() + " ACLs]";
        }

        /** A random password of 24 characters (URL-safe Base64), for a test user. */
        public static String randomPassword() {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
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
        return start(port, dataRoot, null);
    }

    /**
     * Starts a secured broker (SASL/SCRAM-SHA-512 and ACLs, see the class comment) with the given users and ACLs and
     * returns once each user can sign in.
     *
     * @param port     the client (SASL_PLAINTEXT) port, 0 for any free one
     * @param dataRoot as for {@link #start(int, Path)}
     */
    public static KafkaBroker startSecured(int port, Path dataRoot, Security security) {
        return start(port, dataRoot, Objects.requireNonNull(security, "security"));
    }

    private static KafkaBroker start(int port, Path dataRoot, Security security) {
        // A port found free can be taken by another process before the broker binds it: with ports of our own
        // choosing, a failed start is tried again on fresh ones (a fixed port is the caller's to guarantee).
        int attempts = port == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(port, dataRoot, security);
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                System.err.println("in-process Kafka broker did not start (attempt " + attempt + " of " + attempts
                        + "), trying again on other ports: " + e);
            }
        }
    }

    private static KafkaBroker startOnce(int port, Path dataRoot, Security security) {
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path dataDir = createDataDir(dataRoot);
        Map<String, String> passwords = new LinkedHashMap<>();
        if (security != null) {
            passwords.put(ADMIN_USER, Security.randomPassword());
            passwords.putAll(security.users());
        }
        Properties props = properties(clientPort, controllerPort, dataDir);
        if (security != null) {
            secure(props, clientPort, controllerPort, passwords.get(ADMIN_USER));
        }
        KafkaRaftServer server = null;
        try {
            format(props, dataDir, passwords.isEmpty() ? null : passwords.get(ADMIN_USER));
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + clientPort;
            KafkaBroker broker = new KafkaBroker(server, props, dataDir, bootstrap, Map.copyOf(passwords));
            awaitReady(broker.adminSettings());
            if (security != null) {
                broker.addUsersAndAcls(security);
            }
            return broker;
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

    /** Whether clients must sign in ({@link #startSecured}). */
    public boolean secured() {
        return !passwords.isEmpty();
    }

    /**
     * A client's connection settings for {@code user} (without the {@code kafka.} prefix): bootstrap servers and, on
     * a secured broker, {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} with the user's
     * password. On a plaintext broker only the bootstrap servers, whoever the user.
     *
     * @throws IllegalArgumentException for a user a secured broker does not know
     */
    public Map<String, Object> clientSettings(String user) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (secured()) {
            String password = passwords.get(user);
            if (password == null) {
                throw new IllegalArgumentException("the broker has no user \"" + user + "\"; users: "
                        + passwords.keySet());
            }
            settings.putAll(saslSettings(user, password));
        }
        return settings;
    }

    /** {@link #clientSettings(String)} of the super user (a secured broker allows it everything). */
    public Map<String, Object> adminSettings() {
        return clientSettings(ADMIN_USER);
    }

    /**
     * The client settings that sign in as {@code user} with {@code password} over SASL_PLAINTEXT with SCRAM-SHA-512:
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} (which holds the password: never log
     * it).
     */
    public static Map<String, Object> saslSettings(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SASL_MECHANISM,
                "sasl.jaas.config", jaasConfig(user, password));
    }

    /** The JAAS configuration of a SCRAM client (holds the password: never log it). */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
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
            awaitReady(adminSettings());
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

    /**
     * Makes the client listener SASL_PLAINTEXT with SCRAM-SHA-512 and turns the StandardAuthorizer on. The controller
     * listener (loopback, inside this JVM) stays plaintext: its anonymous principal is a super user, as KRaft's own
     * broker-to-controller requests need.
     */
    private static void secure(Properties props, int clientPort, int controllerPort, String adminPassword) {
        props.put("listeners", "SASL_PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":"
                + controllerPort);
        props.put("advertised.listeners", "SASL_PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", SASL_MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", SASL_MECHANISM);
        props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaasConfig(ADMIN_USER, adminPassword));
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + ADMIN_USER + ";User:ANONYMOUS");
        props.put("allow.everyone.if.no.acl.found", "false");
    }

    /** Creates the users' SCRAM credentials and the ACLs, as the super user, and waits until every user can sign in. */
    private void addUsersAndAcls(Security security) {
        try (Admin admin = Admin.create(adminSettings())) {
            List<UserScramCredentialUpsertion> upserts = new ArrayList<>();
            security.users().forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
            if (!upserts.isEmpty()) {
                admin.alterUserScramCredentials(new ArrayList<>(upserts)).all().get(30, TimeUnit.SECONDS);
            }
            if (!security.acls().isEmpty()) {
                admin.createAcls(security.acls()).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the users and ACLs of the secured broker at "
                    + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating users and ACLs", e);
        }
        for (String user : security.users().keySet()) {
            awaitReady(clientSettings(user));
        }
    }

    private static void format(Properties props, Path dataDir, String adminPassword) {
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "in-process KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString()));
            if (adminPassword != null) {
                // the super user's credential must exist before the broker starts: it is the inter-broker identity
                args.addAll(List.of("--add-scram", SASL_MECHANISM + "=[name=" + ADMIN_USER + ",password="
                        + adminPassword + "]"));
            }
            exitCode = StorageTool.execute(args.toArray(String[]::new), printStream);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed (exit code " + exitCode
                    + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitReady(Map<String, Object> clientSettings) {
        Object bootstrap = clientSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(clientSettings)) {
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
