package io.fosfleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fosfleet.events.Topic;
import io.fosfleet.k8s.Reachability.Endpoint;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, fits the Kubernetes and Strimzi models, and keeps our rules. */
class ManifestsTest {

    static final Path DIR = Path.of(System.getProperty("fosfleet.k8s.dir", "."));
    static final String VERSION = System.getProperty("fosfleet.version", "0.1.0-SNAPSHOT");
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    /** device-gateway assigns a device's partitions on these four by one key: they need one partition count. */
    static final Set<String> GATEWAY_TOPICS = Set.of(Topic.CONFIG.topicName(), Topic.DEVICE_STATE.topicName(),
            Topic.DEVICE_COMMANDS.topicName(), Topic.COMMAND_RESULTS.topicName());

    static Rendered rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Rendered.of(DIR, o));
    }

    static Map<String, Boolean> allTopics() {
        Map<String, Boolean> topics = new LinkedHashMap<>();
        Arrays.stream(Topic.values()).forEach(t -> topics.put(t.topicName(), t.compacted()));
        return topics;
    }

    static List<Secret> templates() throws IOException {
        List<Secret> secrets = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR.resolve("secrets"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : Kustomize.read(f)) {
                    secrets.add((Secret) Schema.typed((ObjectNode) doc));
                }
            }
        }
        return secrets;
    }

    static Map<String, Set<String>> templateKeys() throws IOException {
        return templates().stream().collect(Collectors.toMap(s -> s.getMetadata().getName(),
                s -> s.getStringData().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectFitsItsModelWithNoFieldLeftOver(String overlay) {
        Rendered r = rendered(overlay);
        assertThat(r.schemaProblems()).isEmpty();
        assertThat(r.typed()).hasSize(r.raw().size());
        assertThat(r.typed()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                .isEqualTo(o.getKind().equals("Namespace") ? null : "fosfleet"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesRequestsAndLimits(String overlay) {
        assertThat(Rules.probesAndResources(rendered(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValueInTheManifestsAndEverySecretReferenceHasATemplate(String overlay) throws IOException {
        assertThat(Rules.secrets(rendered(overlay), templateKeys())).isEmpty();
    }

    @Test
    void secretTemplatesHoldPlaceholdersOnly() throws IOException {
        List<Secret> templates = templates();
        assertThat(templates).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("fosfleet-postgres", "device-gateway-credentials", "alert-service-smtp");
        for (Secret s : templates) {
            assertThat(Schema.unknownFields(s)).isEmpty();
            assertThat(Rules.templateValues(s)).isEmpty();
        }
    }

    @Test
    void devRunsOneOfEverything() {
        Rendered r = rendered("dev");
        assertThat(Rules.replicas(r, Map.of("config-service", 1, "device-gateway", 1, "heartbeat-service", 1,
                "alert-service", 1))).isEmpty();
        assertThat(Rules.kafka(r, 1)).isEmpty();
    }

    @Test
    void prodRunsSeveralReplicasAndAThreeNodeKafka() {
        Rendered r = rendered("prod");
        assertThat(Rules.replicas(r, Map.of("config-service", 2, "device-gateway", 2, "heartbeat-service", 3,
                "alert-service", 2))).isEmpty();
        assertThat(Rules.kafka(r, 3)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void configServiceRunsTheOneImageWithPostgreSQLChosenInItsEnvironment(String overlay) {
        Rendered r = rendered(overlay);
        var container = r.find(io.fabric8.kubernetes.api.model.apps.Deployment.class, "config-service").orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        // the image deploy/images builds, the same the local run's jar is (no build for Kubernetes of its own)
        assertThat(container.getImage()).matches("(registry\\.example\\.net/)?fosfleet/config-service:[^:]+");
        assertThat(container.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName())
                .isEqualTo("config-service"));
        var env = r.find(io.fabric8.kubernetes.api.model.ConfigMap.class, "config-service").orElseThrow().getData();
        assertThat(env).containsEntry("FOSFLEET_CONFIG_DATABASE_KIND", "postgresql")
                .containsEntry("FOSFLEET_CONFIG_DATABASE_URL", "jdbc:postgresql://postgres:5432/fosfleet");
        assertThat(container.getEnv()).extracting(e -> e.getName()).contains("FOSFLEET_CONFIG_DATABASE_USERNAME",
                "FOSFLEET_CONFIG_DATABASE_PASSWORD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void heartbeatServiceSurvivesANodeAndADrain(String overlay) {
        assertThat(Rules.heartbeatAvailability(rendered(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void deviceSyslogIsAdmittedOnlyFromTheDeviceNetworksTheOverlayNames(String overlay) {
        var syslog = rendered(overlay).find(io.fabric8.kubernetes.api.model.Service.class, "device-gateway-syslog")
                .orElseThrow();
        assertThat(syslog.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(syslog.getSpec().getLoadBalancerSourceRanges()).as("source ranges of the syslog LoadBalancer")
                .isNotEmpty().doesNotContain("0.0.0.0/0").allMatch(r -> r.startsWith("198.51.100."));
        assertThat(syslog.getSpec().getLoadBalancerSourceRanges()).hasSize(overlay.equals("prod") ? 2 : 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicHasItsKafkaTopic(String overlay) {
        assertThat(Rules.topics(rendered(overlay), allTopics(), GATEWAY_TOPICS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusScrapesEveryService(String overlay) {
        assertThat(Rules.prometheus(rendered(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferenceFindsItsTarget(String overlay) {
        assertThat(Rules.references(rendered(overlay), VERSION)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesDenyByDefaultAndAllowTheFlowsTheSystemNeeds(String overlay) {
        Rendered r = rendered(overlay);
        List<NetworkPolicy> policies = new ArrayList<>(r.all(NetworkPolicy.class));
        policies.add(strimziListenerPolicy(r.all(Kafka.class).get(0)));
        Reachability net = new Reachability("fosfleet", policies);
        Map<String, Endpoint> pod = new LinkedHashMap<>();
        for (Rendered.Workload w : r.workloads()) {
            Map<String, Integer> ports = w.template().getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).filter(p -> p.getName() != null)
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            pod.put(w.name(), Endpoint.pod("fosfleet", w.template().getMetadata().getLabels(), ports));
        }
        Endpoint kafka = Endpoint.pod("fosfleet", Map.of("strimzi.io/cluster", "fosfleet", "strimzi.io/kind", "Kafka",
                "strimzi.io/name", "fosfleet-kafka"), Map.of());
        Endpoint dns = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"), Map.of());
        Endpoint prometheus = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        Endpoint otherNamespace = Endpoint.pod("default", Map.of("app", "something"), Map.of());
        Endpoint device = Endpoint.outside("192.0.2.10");
        Endpoint operator = Endpoint.outside("198.51.100.7");

        for (String s : Rendered.SERVICES) {
            assertThat(net.allowed(pod.get(s), dns, 53, "UDP")).as(s + " → DNS").isTrue();
            assertThat(net.allowed(pod.get(s), kafka, 9092, "TCP")).as(s + " → Kafka").isTrue();
            int http = pod.get(s).namedPorts().get("http");
            assertThat(net.allowed(prometheus, pod.get(s), http, "TCP")).as("Prometheus → " + s).isTrue();
            assertThat(net.allowed(otherNamespace, pod.get(s), 5005, "TCP")).as("other port of " + s).isFalse();
        }
        assertThat(net.allowed(pod.get("postgres"), kafka, 9092, "TCP")).as("postgres → Kafka").isFalse();
        assertThat(net.allowed(otherNamespace, kafka, 9092, "TCP")).as("other namespace → Kafka").isFalse();

        assertThat(net.allowed(pod.get("config-service"), pod.get("postgres"), 5432, "TCP")).isTrue();
        for (String s : List.of("device-gateway", "heartbeat-service", "alert-service")) {
            assertThat(net.allowed(pod.get(s), pod.get("postgres"), 5432, "TCP")).as(s + " → postgres").isFalse();
        }
        assertThat(net.allowed(otherNamespace, pod.get("postgres"), 5432, "TCP")).isFalse();
        assertThat(net.allowed(pod.get("postgres"), device, 443, "TCP")).as("postgres → outside").isFalse();

        assertThat(net.allowed(operator, pod.get("config-service"), 8080, "TCP")).as("API and console").isTrue();
        assertThat(net.allowed(operator, pod.get("alert-service"), 8083, "TCP")).as("alert API").isTrue();
        // Node heartbeats only from the PBX networks the overlay names (and Prometheus, above), never from anyone.
        Endpoint pbx = Endpoint.outside("203.0.113.10");
        assertThat(net.allowed(pbx, pod.get("heartbeat-service"), 8084, "TCP")).as("node heartbeats").isTrue();
        for (Endpoint stranger : List.of(device, operator, Endpoint.outside("203.0.113.200"), otherNamespace,
                pod.get("device-gateway"))) {
            assertThat(net.allowed(stranger, pod.get("heartbeat-service"), 8084, "TCP"))
                    .as("heartbeats from " + stranger).isFalse();
        }
        if (overlay.equals("prod")) {
            assertThat(net.allowed(Endpoint.outside("203.0.113.70"), pod.get("heartbeat-service"), 8084, "TCP"))
                    .as("node heartbeats from the second PBX network").isTrue();
        }
        assertThat(net.allowed(device, pod.get("device-gateway"), 5514, "UDP")).as("device syslog").isTrue();
        assertThat(net.allowed(device, pod.get("device-gateway"), 8082, "TCP")).as("gateway HTTP").isFalse();

        assertThat(net.allowed(pod.get("device-gateway"), device, 80, "TCP")).as("device HTTP").isTrue();
        assertThat(net.allowed(pod.get("device-gateway"), device, 50123, "UDP")).as("GBL4").isTrue();
        assertThat(net.allowed(pod.get("heartbeat-service"), device, 50123, "UDP")).as("kicks").isTrue();
        assertThat(net.allowed(pod.get("alert-service"), device, 25, "TCP")).as("mail").isTrue();
        assertThat(net.allowed(pod.get("config-service"), device, 80, "TCP")).as("config-service → device")
                .isFalse();
    }

    /**
     * The policy Strimzi's cluster operator makes for the Kafka pods' plain listener: ingress from the listener's
     * networkPolicyPeers (it also makes the ones for replication and for itself, which concern no fosfleet pod).
     */
    static NetworkPolicy strimziListenerPolicy(Kafka kafka) {
        var listener = kafka.getSpec().getKafka().getListeners().stream().filter(l -> l.getPort() == 9092)
                .findFirst().orElseThrow();
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(kafka.getMetadata().getName() + "-network-policy-kafka").endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .addToMatchLabels("strimzi.io/cluster", kafka.getMetadata().getName())
                .addToMatchLabels("strimzi.io/kind", "Kafka")
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .withFrom(listener.getNetworkPolicyPeers())
                .addNewPort().withPort(new IntOrString(9092)).withProtocol("TCP").endPort()
                .endIngress()
                .endSpec()
                .build();
    }

    // ---- the rules can fail: each one on a manifest broken the way it guards against

    @Test
    void aFieldAtTheWrongLevelIsReported() {
        List<ObjectNode> objects = copyOf("prod");
        deployment(objects, "heartbeat-service").with("spec").put("replica", 3);
        Rendered broken = Rendered.of("broken", objects);
        assertThat(broken.schemaProblems()).containsExactly(
                "Deployment/heartbeat-service: unknown field(s) at .spec: [replica]");
    }

    @Test
    void aValueOfTheWrongTypeIsReported() {
        List<ObjectNode> objects = copyOf("prod");
        objects.stream().filter(o -> o.path("kind").asText().equals("KafkaNodePool")).findFirst().orElseThrow()
                .with("spec").put("roles", "broker");
        assertThat(Rendered.of("broken", objects).schemaProblems()).singleElement().asString()
                .startsWith("KafkaNodePool/dual-role: does not fit the KafkaNodePool model");
    }

    @Test
    void aMissingProbeOrLimitIsReported() {
        List<ObjectNode> objects = copyOf("prod");
        ObjectNode container = (ObjectNode) deployment(objects, "alert-service").at("/spec/template/spec/containers/0");
        container.remove("readinessProbe");
        ((ObjectNode) container.at("/resources/limits")).remove("memory");
        ((ObjectNode) container.at("/livenessProbe/httpGet")).put("path", "/health");
        assertThat(Rules.probesAndResources(Rendered.of("broken", objects))).containsExactlyInAnyOrder(
                "Deployment/alert-service container alert-service: no memory limit",
                "Deployment/alert-service container alert-service: the liveness probe must GET /q/health/live",
                "Deployment/alert-service container alert-service: no readiness probe");
    }

    @Test
    void aSecretValueInTheManifestsIsReported() throws IOException {
        List<ObjectNode> objects = copyOf("dev");
        ObjectNode env = ((ObjectNode) deployment(objects, "config-service")
                .at("/spec/template/spec/containers/0")).withArray("env").addObject();
        env.put("name", "FOSFLEET_CONFIG_DATABASE_PASSWORD").put("value", "hunter2");
        objects.add((ObjectNode) Kustomize.YAML.readTree("{apiVersion: v1, kind: Secret, metadata: {name: leaked, "
                + "namespace: fosfleet}, stringData: {password: hunter2}}"));
        assertThat(Rules.secrets(Rendered.of("broken", objects), templateKeys())).containsExactlyInAnyOrder(
                "Secret/leaked is rendered: secrets are applied from the templates in secrets/, never from the overlays",
                "Deployment/config-service container config-service: env FOSFLEET_CONFIG_DATABASE_PASSWORD has a literal "
                        + "value; take it from a Secret");
        Secret filled = templates().get(0);
        filled.getStringData().put("password", "hunter2");
        assertThat(Rules.templateValues(filled)).isNotEmpty();
    }

    @Test
    void aMissingTopicPdbOrPolicyIsReported() {
        List<ObjectNode> objects = copyOf("prod");
        objects.removeIf(o -> o.path("kind").asText().equals("PodDisruptionBudget")
                || o.path("metadata").path("name").asText().equals("fos.alert-service.firing")
                || o.path("metadata").path("name").asText().equals("postgres")
                && o.path("kind").asText().equals("NetworkPolicy"));
        Rendered broken = Rendered.of("broken", objects);
        assertThat(Rules.heartbeatAvailability(broken)).containsExactly(
                "heartbeat-service: 0 PodDisruptionBudgets select its pods, expected 1");
        assertThat(Rules.topics(broken, allTopics(), GATEWAY_TOPICS)).containsExactly(
                "topic fos.alert-service.firing has no KafkaTopic");
        assertThat(Rules.replicas(broken, Map.of("config-service", 2, "device-gateway", 2, "heartbeat-service", 2,
                "alert-service", 2))).isNotEmpty();
        Reachability net = new Reachability("fosfleet", broken.all(NetworkPolicy.class));
        Endpoint postgres = Endpoint.pod("fosfleet", Map.of("app.kubernetes.io/name", "postgres"), Map.of());
        Endpoint config = Endpoint.pod("fosfleet", Map.of("app.kubernetes.io/name", "config-service"), Map.of());
        assertThat(net.allowed(config, postgres, 5432, "TCP")).as("default deny without the postgres policy")
                .isFalse();
    }

    private static List<ObjectNode> copyOf(String overlay) {
        return rendered(overlay).raw().stream().map(ObjectNode::deepCopy).collect(Collectors.toList());
    }

    private static ObjectNode deployment(List<ObjectNode> objects, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")
                && o.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
