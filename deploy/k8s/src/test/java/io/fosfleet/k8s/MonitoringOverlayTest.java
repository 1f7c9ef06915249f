package io.fosfleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fosfleet.k8s.Reachability.Endpoint;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * overlays/monitoring: its PrometheusRule carries exactly deploy/monitoring's rules file, and its PodMonitors find
 * every service's metrics port (in dev and in prod) and the Kafka Exporter, which Prometheus may reach.
 */
class MonitoringOverlayTest {

    static final Path RULES = ManifestsTest.DIR.resolve("../monitoring/rules/fosfleet.rules.yml").toAbsolutePath()
            .normalize();
    /** The labels Strimzi puts on the Kafka Exporter's pod of the Kafka "fosfleet". */
    static final Map<String, String> EXPORTER_POD = Map.of("strimzi.io/cluster", "fosfleet", "strimzi.io/kind",
            "Kafka", "strimzi.io/name", "fosfleet-kafka-exporter");
    static final int EXPORTER_PORT = 9404;

    private static Rendered monitoring() {
        return ManifestsTest.rendered("monitoring");
    }

    @Test
    void everyObjectFitsThePrometheusOperatorsModel() {
        Rendered r = monitoring();
        assertThat(r.schemaProblems()).isEmpty();
        assertThat(r.typed()).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("PrometheusRule", "PodMonitor", "PodMonitor");
        assertThat(r.typed()).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("fosfleet");
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "fosfleet");
        });
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheRulesFile() throws IOException {
        assertThat(drift(ruleObject(monitoring().raw()), Kustomize.read(RULES).get(0))).isEmpty();
        PrometheusRule rule = monitoring().all(PrometheusRule.class).get(0);
        assertThat(rule.getSpec().getGroups()).extracting(g -> g.getName())
                .containsExactly("fosfleet.recording", "fosfleet.alerts");
    }

    @Test
    void aRuleChangedOnOneSideIsReported() throws IOException {
        ObjectNode rule = ruleObject(monitoring().raw()).deepCopy();
        ArrayNode alerts = (ArrayNode) rule.at("/spec/groups/1/rules");
        ((ObjectNode) alerts.get(0)).put("for", "1h");
        assertThat(drift(rule, Kustomize.read(RULES).get(0))).singleElement().asString()
                .startsWith("overlays/monitoring/prometheus-rule.yaml differs from deploy/monitoring/rules/"
                        + "fosfleet.rules.yml at /groups/1/rules/0/for: ");
    }

    private static ObjectNode ruleObject(List<ObjectNode> raw) {
        return raw.stream().filter(o -> o.path("kind").asText().equals("PrometheusRule")).findFirst().orElseThrow();
    }

    /** Where the PrometheusRule's spec and the rules file part: empty when they are the same tree. */
    static List<String> drift(JsonNode prometheusRule, JsonNode rulesFile) {
        List<String> problems = new ArrayList<>();
        diff(prometheusRule.path("spec"), rulesFile, "", problems);
        return problems.stream().map(p -> "overlays/monitoring/prometheus-rule.yaml differs from deploy/monitoring/"
                + "rules/fosfleet.rules.yml at " + p + " (run overlays/monitoring/generate-prometheus-rule)").toList();
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> problems) {
        if (a.isContainerNode() && a.getNodeType() == b.getNodeType()) {
            List<String> keys = new ArrayList<>();
            if (a.isObject()) {
                a.fieldNames().forEachRemaining(keys::add);
                b.fieldNames().forEachRemaining(k -> {
                    if (!keys.contains(k)) {
                        keys.add(k);
                    }
                });
                keys.forEach(k -> diff(a.path(k), b.path(k), path + "/" + k, problems));
            } else {
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    diff(a.path(i), b.path(i), path + "/" + i, problems);
                }
            }
        } else if (!a.equals(b)) {
            problems.add((path.isEmpty() ? "/" : path) + ": " + a + " vs " + b);
        }
    }

    /** Each service's pods are scraped once, on a named container port, at /q/metrics, with job = the service. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsScrapedOnceOnItsMetricsPortAsItsOwnJob(String overlay) {
        List<PodMonitor> monitors = monitoring().all(PodMonitor.class);
        for (Rendered.Workload w : ManifestsTest.rendered(overlay).workloads()) {
            Map<String, String> labels = w.template().getMetadata().getLabels();
            List<PodMonitor> selecting = monitors.stream()
                    .filter(m -> Selectors.matches(m.getSpec().getSelector(), labels)).toList();
            if (!w.isService()) {
                assertThat(selecting).as(w.id() + " is not a fosfleet service").isEmpty();
                continue;
            }
            assertThat(selecting).as(w.id() + ": PodMonitors selecting it").hasSize(1);
            PodMonitor m = selecting.get(0);
            List<String> ports = w.template().getSpec().getContainers().get(0).getPorts().stream()
                    .map(ContainerPort::getName).toList();
            for (PodMetricsEndpoint e : m.getSpec().getPodMetricsEndpoints()) {
                assertThat(ports).as(w.id() + " named ports").contains(e.getPort());
                assertThat(e.getPath()).isEqualTo("/q/metrics");
            }
            assertThat(labels.get(m.getSpec().getJobLabel())).as(w.id() + ": job label").isEqualTo(w.name());
        }
    }

    /** dev and prod run Strimzi's Kafka Exporter; a PodMonitor scrapes it and Prometheus (only) may reach it. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void consumerLagIsExportedAndOnlyPrometheusReadsIt(String overlay) {
        Rendered r = ManifestsTest.rendered(overlay);
        Kafka kafka = r.all(Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafkaExporter()).as("Kafka spec.kafkaExporter").isNotNull();
        assertThat(kafka.getSpec().getKafkaExporter().getGroupRegex()).isEqualTo(".*");
        assertThat("fos.device.events").matches(kafka.getSpec().getKafkaExporter().getTopicRegex());
        assertThat(kafka.getSpec().getKafkaExporter().getResources().getLimits()).containsKeys("cpu", "memory");

        List<PodMonitor> selecting = monitoring().all(PodMonitor.class).stream()
                .filter(m -> Selectors.matches(m.getSpec().getSelector(), EXPORTER_POD)).toList();
        assertThat(selecting).hasSize(1);
        assertThat(selecting.get(0).getSpec().getPodMetricsEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getPort()).isEqualTo("tcp-prometheus"));

        Reachability net = new Reachability("fosfleet", r.all(NetworkPolicy.class));
        Endpoint exporter = Endpoint.pod("fosfleet", EXPORTER_POD, Map.of("tcp-prometheus", EXPORTER_PORT));
        Endpoint prometheus = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        Endpoint otherNamespace = Endpoint.pod("default", Map.of("app", "something"), Map.of());
        assertThat(net.allowed(prometheus, exporter, EXPORTER_PORT, "TCP")).as("Prometheus → exporter").isTrue();
        assertThat(net.allowed(otherNamespace, exporter, EXPORTER_PORT, "TCP")).as("other → exporter").isFalse();
        assertThat(net.allowed(Endpoint.outside("198.51.100.7"), exporter, EXPORTER_PORT, "TCP")).isFalse();
    }
}
