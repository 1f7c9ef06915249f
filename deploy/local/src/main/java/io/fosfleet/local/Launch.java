package io.fosfleet.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How the system's parts are started and set up, shared by the local run ({@link LocalRun}) and the end-to-end test
 * harness ({@code io.fosfleet.local.e2e.FosfleetSystem}), so both run the packaged services the same way: which jar,
 * which properties, which topics, how the inventory is loaded and when the watchdogs are armed.
 */
public final class Launch {

    /** Partitions of every fosfleet topic; device-gateway needs the same count on its four topics. */
    public static final int PARTITIONS = 12;
    /** The services' JVM options: quick starts, small footprint. */
    public static final String DEFAULT_JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    /** The alert-service mails' sender. */
    public static final String ALERT_MAIL_FROM = "fosfleet-alerts@fosfleet.local";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Launch() {
    }

    /**
     * A Quarkus service of the system: its process name (e.g. {@code heartbeat-service-2} for a replica), its
     * module (where its runnable jar is), its HTTP port, the system properties it is started with and the
     * environment variables added to its process (where secrets go: a process's environment is private to its user,
     * its command line is not).
     */
    public record Service(String name, String module, int port, List<String> properties,
                          Map<String, String> environment) {
        public Service {
            properties = List.copyOf(properties);
            environment = Map.copyOf(environment);
        }

        public Service(String name, String module, int port, List<String> properties) {
            this(name, module, port, properties, Map.of());
        }

        public Path jar(Path root) {
            return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        }

        /** The child JVM's arguments after {@code jvmOptions}: the properties and {@code -jar <jar>}. */
        public List<String> arguments(Path root, List<String> jvmOptions) {
            List<String> args = new ArrayList<>(jvmOptions);
            args.addAll(properties);
            args.addAll(List.of("-jar", jar(root).toString()));
            return args;
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        /** Without the environment's values: they may be secrets. */
        @Override
        public String toString() {
            return "Service[" + name + " (" + module + ") on port " + port + ", " + properties.size()
                    + " properties, environment " + environment.keySet() + "]";
        }
    }

    /**
     * How the services reach Kafka: the bootstrap servers and, for a secured broker (SASL/SCRAM-SHA-512 with ACLs),
     * each service's Kafka user's password. A service signs in as the user named like its module
     * ({@code device-gateway} for every device-gateway replica).
     *
     * @param passwords Kafka user → password; empty for a plaintext broker
     */
    public record Kafka(String bootstrap, Map<String, String> passwords) {
        /** The JAAS configuration's environment variable: the services read {@code kafka.*} from the environment too. */
        public static final String JAAS_ENVIRONMENT_VARIABLE = "KAFKA_SASL_JAAS_CONFIG";

        public Kafka {
            passwords = Map.copyOf(passwords);
        }

        public static Kafka plaintext(String bootstrap) {
            return new Kafka(bootstrap, Map.of());
        }

        public boolean secured() {
            return !passwords.isEmpty();
        }

        /**
         * A service's {@code -Dkafka.*} properties: the bootstrap servers and, when secured, the security protocol
         * and SASL mechanism. The password is not among them (see {@link #environment}).
         */
        public List<String> properties(String user) {
            List<String> properties = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + bootstrap));
            if (secured()) {
                password(user);
                properties.addAll(List.of("-Dkafka.security.protocol=SASL_PLAINTEXT",
                        "-Dkafka.sasl.mechanism=SCRAM-SHA-512"));
            }
            return properties;
        }

        /**
         * A service's environment: when secured, {@value #JAAS_ENVIRONMENT_VARIABLE} with its user and password, in
         * the environment rather than on the command line, where every local user could read it.
         */
        public Map<String, String> environment(String user) {
            if (!secured()) {
                return Map.of();
            }
            return Map.of(JAAS_ENVIRONMENT_VARIABLE, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + user + "\" password=\"" + password(user) + "\";");
        }

        private String password(String user) {
            String password = passwords.get(user);
            if (password == null) {
                throw new IllegalArgumentException("no Kafka password for user " + user + "; users: "
                        + passwords.keySet());
            }
            return password;
        }

        /** Without the passwords. */
        @Override
        public String toString() {
            return "Kafka[" + bootstrap + (secured() ? ", SASL/SCRAM users " + passwords.keySet() : ", plaintext")
                    + "]";
        }
    }

    /**
     * config-service with this run's token keys and demo users, its H2 database in {@code dbDir} (fresh per run), and
     * the alert-service its console's alerts page reads ({@code alertServiceUrl}).
     */
    public static Service configService(String bootstrap, int port, DemoKeys keys, Path dbDir, String alertServiceUrl) {
        return configService(Kafka.plaintext(bootstrap), port, keys, dbDir, alertServiceUrl);
    }

    /** {@link #configService(String, int, DemoKeys, Path, String)} on a Kafka that may be secured. */
    public static Service configService(Kafka kafka, int port, DemoKeys keys, Path dbDir, String alertServiceUrl) {
        return service("config-service", "config-service", kafka, port, keys.configServiceProperties(),
                "-Dfosfleet.config.database.url=jdbc:h2:file:" + dbDir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "-Dfosfleet.config.alert-service.url=" + alertServiceUrl);
    }

    /** A device-gateway replica named {@code name}; {@code syslogPort} 0 for a replica the devices do not send to. */
    public static Service deviceGateway(String name, String bootstrap, int port, int syslogPort) {
        return deviceGateway(name, Kafka.plaintext(bootstrap), port, syslogPort);
    }

    /**
     * {@link #deviceGateway(String, String, int, int)} on a Kafka that may be secured; on a secured one it leaves the
     * topics to the launcher (its user may not create, or even see, the other services' topics).
     */
    public static Service deviceGateway(String name, Kafka kafka, int port, int syslogPort) {
        List<String> own = new ArrayList<>(List.of("-Dfosfleet.gateway.syslog.host=127.0.0.1",
                "-Dfosfleet.gateway.syslog.port=" + syslogPort));
        if (kafka.secured()) {
            own.add("-Dfosfleet.gateway.kafka.create-topics=false");
        }
        return service(name, "device-gateway", kafka, port, List.of(), own.toArray(String[]::new));
    }

    /** A heartbeat-service replica named {@code name}; it checks the nodes' heartbeat tokens with this run's key. */
    public static Service heartbeatService(String name, String bootstrap, int port, DemoKeys keys) {
        return heartbeatService(name, Kafka.plaintext(bootstrap), port, keys);
    }

    /** {@link #heartbeatService(String, String, int, DemoKeys)} on a Kafka that may be secured. */
    public static Service heartbeatService(String name, Kafka kafka, int port, DemoKeys keys) {
        return service(name, "heartbeat-service", kafka, port, keys.verifierProperties());
    }

    /**
     * alert-service with the rules in {@code rulesFile}, mail to the SMTP server on 127.0.0.1:{@code smtpPort};
     * {@code extra} system properties come last, so they override this method's.
     */
    public static Service alertService(String bootstrap, int port, DemoKeys keys, Path rulesFile, int smtpPort,
                                       String... extra) {
        return alertService(Kafka.plaintext(bootstrap), port, keys, rulesFile, smtpPort, extra);
    }

    /** {@link #alertService(String, int, DemoKeys, Path, int, String...)} on a Kafka that may be secured. */
    public static Service alertService(Kafka kafka, int port, DemoKeys keys, Path rulesFile, int smtpPort,
                                       String... extra) {
        List<String> own = new ArrayList<>(List.of(
                "-Dfosfleet.alert.rules-file=" + rulesFile,
                "-Dfosfleet.alert.hostname=fosfleet-local",
                "-Dfosfleet.alert.smtp.host=127.0.0.1",
                "-Dfosfleet.alert.smtp.port=" + smtpPort,
                "-Dfosfleet.alert.smtp.starttls=NONE",
                "-Dfosfleet.alert.smtp.from=" + ALERT_MAIL_FROM,
                // Flapping counts the changes of one condition (PrimaryDown of one device: down and back are two).
                // The demo is made for failing the same pair over again and again, and the end-to-end tests do so
                // within minutes; the product's default (5: a third "primary down" in 10 min) would turn most of
                // their notifications into one "flapping" notice. 13 is the seventh "primary down" in 10 min.
                "-Dfosfleet.alert.flapping.threshold=13"));
        own.addAll(List.of(extra));
        return service("alert-service", "alert-service", kafka, port, keys.verifierProperties(),
                own.toArray(String[]::new));
    }

    /**
     * What every service gets: the broker (signing in as the user named like its module when secured), its port on
     * loopback only (the demo has well-known passwords).
     */
    private static Service service(String name, String module, Kafka kafka, int port, List<String> security,
                                   String... own) {
        List<String> properties = new ArrayList<>(kafka.properties(module));
        properties.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        properties.addAll(security);
        properties.addAll(List.of(own));
        return new Service(name, module, port, properties, kafka.environment(module));
    }

    /**
     * Writes alert-service's routing: critical and warning alerts to the syslog sink on 127.0.0.1:{@code syslogPort},
     * critical ones also by mail to {@link DemoDatacenter#NOC_MAIL}.
     */
    public static void writeAlertRules(Path file, int syslogPort) throws IOException {
        String rules;
        try (InputStream in = Launch.class.getResourceAsStream("alert-rules.yaml")) {
            rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(file, rules
                .replace("${SYSLOG_PORT}", String.valueOf(syslogPort))
                .replace("${NOC_MAIL}", DemoDatacenter.NOC_MAIL));
    }

    /** Every topic the services need, with fosfleet's partition count and each topic's own config. */
    public static List<NewTopic> topics() {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic t : Topic.values()) {
            topics.add(Topics.newTopic(t, Optional.of(PARTITIONS), Optional.of((short) 1)));
        }
        return topics;
    }

    /**
     * Creates {@link #topics()} (an existing one is fine).
     *
     * @return per topic that could not be created, why
     */
    public static Map<String, String> createTopics(String bootstrap) throws InterruptedException {
        return createTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** {@link #createTopics(String)} with an admin client's settings (on a secured broker: a super user's). */
    public static Map<String, String> createTopics(Map<String, Object> adminSettings) throws InterruptedException {
        try (Admin admin = Admin.create(adminSettings)) {
            return Topics.create(admin, topics());
        }
    }

    /** A datacenter into config-service (logged in as admin): nodes, then devices, then the pairs that join them. */
    public static void loadInventory(ConfigServiceClient admin, DemoDatacenter datacenter)
            throws IOException, InterruptedException {
        for (Map<String, Object> node : datacenter.nodeRequests()) {
            admin.post("/api/nodes", node);
        }
        for (Map<String, Object> device : datacenter.deviceRequests()) {
            admin.post("/api/devices", device);
        }
        for (Map<String, Object> pair : datacenter.pairRequests()) {
            admin.post("/api/pairs", pair);
        }
    }

    /** Switches a device's watchdog on the way an operator does: {@code WATCHDOG_ENABLE} through config-service. */
    public static void enableWatchdog(ConfigServiceClient operator, String deviceId, String reason)
            throws IOException, InterruptedException {
        operator.post("/api/devices/" + deviceId + "/commands", Map.of("type", "WATCHDOG_ENABLE", "reason", reason));
    }

    /**
     * The device ids of the pairs the heartbeat-service replicas at {@code baseUrls} report as KICKING (each replica
     * reports the pairs it owns); a replica that does not answer contributes none.
     */
    public static Set<String> kickingPairs(HttpClient http, List<String> baseUrls) {
        Set<String> kicking = new HashSet<>();
        for (String url : baseUrls) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/pairs"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    continue;
                }
                JsonNode pairs = JSON.readTree(r.body()).path("pairs");
                pairs.forEach(p -> {
                    if ("KICKING".equals(p.path("state").asText())) {
                        kicking.add(p.path("deviceId").asText());
                    }
                });
            } catch (IOException e) {
                // not answering (yet): nothing kicked there
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return kicking;
            }
        }
        return kicking;
    }

    /**
     * Stops processes carrying {@code mark} on their command line (left over from a launcher or test JVM that was
     * killed without cleaning up): SIGTERM, then SIGKILL after {@code grace}.
     *
     * @return their pids
     */
    public static List<Long> stopLeftovers(String mark, Duration grace) throws InterruptedException {
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                // the exact argument: the e2e harness's mark (its directory under this repository) starts with
                // the local run's, and neither must take the other's processes for its own
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(mark)).orElse(false))
                .toList();
        leftovers.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : leftovers) {
            try {
                p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
        return leftovers.stream().map(ProcessHandle::pid).toList();
    }

    /** Whether {@code url} answers 200 (e.g. a service's {@code /q/health/ready}). */
    public static boolean httpOk(HttpClient http, String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
