package io.fosfleet.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric the rules and the dashboard read exists: it is in metrics.yml (or is one of the rules' recording
 * rules), and every meter metrics.yml names is registered under that name in its service's sources. A meter renamed
 * in a service without the rules following fails here, not silently in a NOC's Prometheus.
 */
class MetricNamesTest {

    private static final Map<String, List<String>> SUFFIXES = Map.of("counter", List.of(""), "gauge", List.of(""),
            "histogram", List.of("_bucket", "_count", "_sum", "_max"), "timer", List.of("_count", "_sum", "_max"));

    /** Series name → where metrics.yml says it comes from. */
    static Map<String, String> knownSeries(JsonNode metrics) {
        Map<String, String> known = new LinkedHashMap<>();
        for (JsonNode m : metrics.path("metrics")) {
            for (String suffix : SUFFIXES.getOrDefault(m.path("type").asText(), List.of())) {
                known.put(m.path("name").asText() + suffix, m.path("service").toString());
            }
        }
        return known;
    }

    static Set<String> recordingRules() {
        return MonitoringFiles.rules().stream().filter(r -> r.has("record")).map(r -> r.path("record").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code where: metric} for every metric an expression reads that is neither known nor recorded. */
    static List<String> unknownMetrics(Map<String, String> exprs, Map<String, String> known, Set<String> recorded) {
        List<String> problems = new ArrayList<>();
        exprs.forEach((where, expr) -> PromQl.metricNames(expr).stream()
                .filter(n -> !known.containsKey(n) && !recorded.contains(n))
                .forEach(n -> problems.add(where + ": " + n)));
        return problems;
    }

    private static Map<String, String> ruleExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        MonitoringFiles.rules().forEach(r -> exprs.put("rule " + r.path(r.has("alert") ? "alert" : "record").asText(),
                r.path("expr").asText()));
        return exprs;
    }

    private static Map<String, String> dashboardExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        int i = 0;
        for (String[] e : MonitoringFiles.dashboardExpressions(MonitoringFiles.json(MonitoringFiles.DASHBOARD))) {
            exprs.put("panel '" + e[0] + "' target " + i++, e[1]);
        }
        return exprs;
    }

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsKnown() {
        Map<String, String> known = knownSeries(MonitoringFiles.yaml(MonitoringFiles.METRICS));
        assertThat(unknownMetrics(ruleExpressions(), known, recordingRules())).isEmpty();
        assertThat(unknownMetrics(dashboardExpressions(), known, recordingRules())).isEmpty();
    }

    @Test
    void aMisspelledMetricIsReported() {
        Map<String, String> known = knownSeries(MonitoringFiles.yaml(MonitoringFiles.METRICS));
        assertThat(unknownMetrics(Map.of("rule X", "sum(rate(fosfleet_heartbeat_kick_failed_total[5m])) > 0"
                + " and on (job) fosfleet:heartbeat_kicks_missed:rate5m > 0"), known, recordingRules()))
                .containsExactly("rule X: fosfleet_heartbeat_kick_failed_total");
    }

    /** Our meters: registered under the Micrometer name in the service's sources, and named as Prometheus shows it. */
    @Test
    void everyMeterIsRegisteredInItsServiceUnderThatName() {
        assertThat(meterProblems(MonitoringFiles.yaml(MonitoringFiles.METRICS))).isEmpty();
    }

    @Test
    void aRenamedMeterIsReported() throws IOException {
        JsonNode metrics = MonitoringFiles.YAML.readTree("""
                metrics:
                  - {name: fosfleet_heartbeat_kicks_lost_total, type: counter, service: heartbeat-service, meter: fosfleet.heartbeat.kicks.lost}
                  - {name: fosfleet_gateway_polls, type: counter, service: device-gateway, meter: fosfleet.gateway.polls}
                  - {name: fosfleet_gateway_polls_total, type: counter, service: heartbeat-service, meter: fosfleet.gateway.polls}
                """);
        assertThat(meterProblems(metrics)).containsExactly(
                "fosfleet_heartbeat_kicks_lost_total: no meter \"fosfleet.heartbeat.kicks.lost\" in heartbeat-service/src/main/java",
                "fosfleet_gateway_polls: the counter fosfleet.gateway.polls is exposed as fosfleet_gateway_polls_total",
                "fosfleet_gateway_polls_total: no meter \"fosfleet.gateway.polls\" in heartbeat-service/src/main/java");
    }

    static List<String> meterProblems(JsonNode metrics) {
        List<String> problems = new ArrayList<>();
        for (JsonNode m : metrics.path("metrics")) {
            String name = m.path("name").asText();
            if (!m.has("meter")) {
                if (!m.has("source")) {
                    problems.add(name + ": neither a meter of ours nor a source");
                }
                continue;
            }
            String meter = m.path("meter").asText();
            String type = m.path("type").asText();
            String exposed = meter.replace('.', '_') + switch (type) {
                case "counter" -> "_total";
                case "histogram", "timer" -> "_seconds";
                default -> "";
            };
            if (!exposed.equals(name)) {
                problems.add(name + ": the " + type + " " + meter + " is exposed as " + exposed);
            }
            List<String> services = new ArrayList<>();
            if (m.path("service").isArray()) {
                m.path("service").forEach(s -> services.add(s.asText()));
            } else {
                services.add(m.path("service").asText());
            }
            for (String service : services) {
                if (!sourcesContain(MonitoringFiles.ROOT.resolve(service).resolve("src/main/java"),
                        "\"" + meter + "\"")) {
                    problems.add(name + ": no meter \"" + meter + "\" in " + service + "/src/main/java");
                }
            }
        }
        return problems;
    }

    private static boolean sourcesContain(Path dir, String literal) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.readString(f).contains(literal);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void promQlNamesAreFoundAndFunctionsLabelsAndVariablesAreNot() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, instance) (rate(a_bucket{job=\"x\","
                + "uri=~\"/api/{id}\"}[$__rate_interval]))) > 0.5 and on (job) b:c:d or vector(0) unless "
                + "absent(up{job=\"h\"} == 1) offset 5m")).containsExactly("a_bucket", "b:c:d", "up");
    }
}
