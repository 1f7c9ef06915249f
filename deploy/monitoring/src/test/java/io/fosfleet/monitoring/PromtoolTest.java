package io.fosfleet.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rules pass {@code promtool check rules}, their unit tests pass {@code promtool test rules}, and every rule has tests. */
class PromtoolTest {

    private static Path promtool() {
        Optional<Path> promtool = Promtool.find();
        if (promtool.isEmpty()) {
            System.err.println("PromtoolTest skipped: " + Promtool.MISSING);
        }
        assumeTrue(promtool.isPresent(), Promtool.MISSING);
        return promtool.get();
    }

    @Test
    void theRulesPassPromtoolCheckRules() throws Exception {
        Promtool.Run run = Promtool.run(promtool(), MonitoringFiles.DIR, "check", "rules",
                MonitoringFiles.DIR.relativize(MonitoringFiles.RULES).toString());
        assertThat(run.exitCode()).as("promtool check rules:\n" + run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + MonitoringFiles.rules().size() + " rules found");
    }

    @Test
    void theRulesPassTheirPromtoolUnitTests() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        MonitoringFiles.testFiles().forEach(f -> args.add(f.getFileName().toString()));
        assertThat(args).as("promtool test files in " + MonitoringFiles.TESTS).hasSizeGreaterThan(2);
        Promtool.Run run = Promtool.run(promtool(), MonitoringFiles.TESTS, args.toArray(String[]::new));
        assertThat(run.exitCode()).as("promtool test rules:\n" + run.output()).isZero();
        assertThat(run.output()).doesNotContain("FAILED");
    }

    /**
     * Every alert has a test where it fires and one where it stays quiet; every recording rule is evaluated by a
     * promql_expr_test or feeds an alert that fires in a test. Checked without promtool, from the files.
     */
    @Test
    void everyRuleIsCoveredByTheUnitTests() {
        assertThat(untested(MonitoringFiles.rules(), MonitoringFiles.testFiles().stream()
                .map(MonitoringFiles::yaml).toList())).isEmpty();
    }

    @Test
    void aRuleWithoutTestsIsReported() {
        List<JsonNode> rules = new ArrayList<>(MonitoringFiles.rules());
        rules.add(MonitoringFiles.YAML.valueToTree(Map.of("alert", "FosfleetNew", "expr", "up == 2")));
        rules.add(MonitoringFiles.YAML.valueToTree(Map.of("record", "fosfleet:new:sum", "expr", "sum(up)")));
        assertThat(untested(rules, MonitoringFiles.testFiles().stream().map(MonitoringFiles::yaml).toList()))
                .containsExactly("alert FosfleetNew: no test where it fires", "alert FosfleetNew: no test where it "
                        + "stays quiet", "recording rule fosfleet:new:sum: not evaluated by any test");
    }

    static List<String> untested(List<JsonNode> rules, List<JsonNode> testFiles) {
        Set<String> fires = new LinkedHashSet<>();
        Set<String> quiet = new LinkedHashSet<>();
        Set<String> evaluated = new LinkedHashSet<>();
        for (JsonNode file : testFiles) {
            for (JsonNode test : file.path("tests")) {
                for (JsonNode a : test.path("alert_rule_test")) {
                    (a.path("exp_alerts").isEmpty() ? quiet : fires).add(a.path("alertname").asText());
                }
                for (JsonNode e : test.path("promql_expr_test")) {
                    evaluated.addAll(PromQl.metricNames(e.path("expr").asText()));
                }
            }
        }
        Map<String, String> alertExprs = new TreeMap<>();
        rules.stream().filter(r -> r.has("alert")).forEach(r -> alertExprs.put(r.path("alert").asText(),
                r.path("expr").asText()));
        for (Map.Entry<String, String> a : alertExprs.entrySet()) {
            if (fires.contains(a.getKey())) {
                evaluated.addAll(PromQl.metricNames(a.getValue()));
            }
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode r : rules) {
            if (r.has("alert")) {
                String name = r.path("alert").asText();
                if (!fires.contains(name)) {
                    problems.add("alert " + name + ": no test where it fires");
                }
                if (!quiet.contains(name)) {
                    problems.add("alert " + name + ": no test where it stays quiet");
                }
            } else if (!evaluated.contains(r.path("record").asText())) {
                problems.add("recording rule " + r.path("record").asText() + ": not evaluated by any test");
            }
        }
        return problems;
    }

    @Test
    void theTestFilesReadTheRulesFile() {
        for (Path f : MonitoringFiles.testFiles()) {
            JsonNode files = MonitoringFiles.yaml(f).path("rule_files");
            assertThat(files).as(f + " rule_files").hasSize(1);
            assertThat(MonitoringFiles.TESTS.resolve(files.get(0).asText()).normalize())
                    .as(f + " rule_files").isEqualTo(MonitoringFiles.RULES);
            assertThat(Files.exists(MonitoringFiles.RULES)).isTrue();
        }
    }
}
