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
     * module (where its runnable jar is), its HTTP port and the system properties it is started with.
     */
    public record Service(String name, String module, int port, List<String> properties) {
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
    }

    /**
     * config-service with this run's token keys and demo users, its H2 database in {@code dbDir} (fresh per run), and
     * the alert-service its console's alerts page reads ({@code alertServiceUrl}).
     */
    public static Service configService(String bootstrap, int port, DemoKeys keys, Path dbDir, String alertServiceUrl) {
        return new Service("config-service", "config-service", port, properties(bootstrap, port,
                keys.configServiceProperties(),
                "-Dfosfleet.config.database.url=jdbc:h2:file:" + dbDir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "-Dfosfleet.config.alert-service.url=" + alertServiceUrl));
    }

    /** A device-gateway replica named {@code name}; {@code syslogPort} 0 for a replica the devices do not send to. */
    public static Service deviceGateway(String name, String bootstrap, int port, int syslogPort) {
        return new Service(name, "device-gateway", port, properties(bootstrap, port, List.of(),
                "-Dfosfleet.gateway.syslog.host=127.0.0.1",
                "-Dfosfleet.gateway.syslog.port=" + syslogPort));
    }

    /** A heartbeat-service replica named {@code name}; it checks the nodes' heartbeat tokens with this run's key. */
    public static Service heartbeatService(String name, String bootstrap, int port, DemoKeys keys) {
        return new Service(name, "heartbeat-service", port, properties(bootstrap, port, keys.verifierProperties()));
    }

    /**
     * alert-service with the rules in {@code rulesFile}, mail to the SMTP server on 127.0.0.1:{@code smtpPort};
     * {@code extra} system properties come last, so they override this method's.
     */
    public static Service alertService(String bootstrap, int port, DemoKeys keys, Path rulesFile, int smtpPort,
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
        return new Service("alert-service", "alert-service", port, properties(bootstrap, port,
                keys.verifierProperties(), own.toArray(String[]::new)));
    }

    /** What every service gets: the broker, its port on loopback only (the demo has well-known passwords). */
    private static List<String> properties(String bootstrap, int port, List<String> security, String... own) {
        List<String> properties = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        properties.addAll(security);
        properties.addAll(List.of(own));
        return properties;
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
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
