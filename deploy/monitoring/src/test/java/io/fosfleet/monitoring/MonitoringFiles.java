package io.fosfleet.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files of deploy/monitoring, read for the tests. */
final class MonitoringFiles {

    static final Path DIR = Path.of(System.getProperty("fosfleet.monitoring.dir", ".")).toAbsolutePath().normalize();
    static final Path ROOT = Path.of(System.getProperty("fosfleet.root.dir", "../..")).toAbsolutePath().normalize();
    static final Path RULES = DIR.resolve("rules/fosfleet.rules.yml");
    static final Path TESTS = DIR.resolve("tests");
    static final Path DASHBOARD = DIR.resolve("grafana/fosfleet-dashboard.json");
    static final Path METRICS = DIR.resolve("metrics.yml");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringFiles() {
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not readable YAML", e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not readable JSON", e);
        }
    }

    /** Every rule of the rules file (recording and alerting), in file order. */
    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        yaml(RULES).path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    /** The promtool test files, sorted. */
    static List<Path> testFiles() {
        try (Stream<Path> files = Files.list(TESTS)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".test.yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of the dashboard's panels, as {@code panel title: expr}. */
    static List<String[]> dashboardExpressions(JsonNode dashboard) {
        List<String[]> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(new String[] {panel.path("title").asText(), target.path("expr").asText()});
            }
        }
        return exprs;
    }
}
