package io.fosfleet.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard has the structure Grafana's dashboard schema asks for (uid, title, schemaVersion, panels
 * with unique ids, a gridPos inside the 24-column grid, no two panels on one cell, a Prometheus datasource and
 * targets with refIds and expressions), a row per service plus a fleet overview, and PromQL promtool accepts.
 */
class DashboardTest {

    static final List<String> ROWS = List.of("Fleet overview", "heartbeat-service", "device-gateway",
            "config-service", "alert-service");

    @Test
    void theDashboardFitsGrafanasSchema() {
        assertThat(problems(MonitoringFiles.json(MonitoringFiles.DASHBOARD))).isEmpty();
    }

    @Test
    void aBrokenDashboardIsReported() {
        ObjectNode d = (ObjectNode) MonitoringFiles.json(MonitoringFiles.DASHBOARD).deepCopy();
        d.remove("uid");
        ArrayNode panels = (ArrayNode) d.path("panels");
        ObjectNode second = (ObjectNode) panels.get(2);
        second.put("id", panels.get(1).path("id").asInt());
        ((ObjectNode) second.path("gridPos")).put("x", 22);
        ((ObjectNode) panels.get(3)).remove("datasource");
        ((ObjectNode) panels.get(4).path("targets").get(0)).remove("expr");
        panels.remove(panels.size() - 1);
        d.set("panels", panels);
        assertThat(problems(d)).contains("no uid",
                "panel id " + panels.get(1).path("id").asInt() + " is used twice",
                "panel '" + second.path("title").asText() + "': gridPos ends beyond column 24",
                "panel '" + panels.get(3).path("title").asText() + "': no Prometheus datasource",
                "panel '" + panels.get(4).path("title").asText() + "' target A: no expr");
        assertThat(problems(d)).anyMatch(p -> p.contains("overlap"));
    }

    static List<String> problems(JsonNode d) {
        List<String> problems = new ArrayList<>();
        for (String field : List.of("uid", "title")) {
            if (d.path(field).asText().isBlank()) {
                problems.add("no " + field);
            }
        }
        if (d.path("uid").asText().length() > 40) {
            problems.add("uid longer than Grafana's 40 characters");
        }
        if (d.path("schemaVersion").asInt() < 36) {
            problems.add("schemaVersion " + d.path("schemaVersion") + ": expected 36 or newer");
        }
        boolean datasourceVariable = false;
        for (JsonNode v : d.path("templating").path("list")) {
            datasourceVariable |= v.path("name").asText().equals("datasource")
                    && v.path("type").asText().equals("datasource") && v.path("query").asText().equals("prometheus");
        }
        if (!datasourceVariable) {
            problems.add("no datasource variable of type prometheus");
        }
        Set<Integer> ids = new HashSet<>();
        Map<String, String> cells = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            String title = p.path("title").asText();
            String name = "panel '" + title + "'";
            if (!p.path("id").isInt()) {
                problems.add(name + ": no numeric id");
            } else if (!ids.add(p.path("id").asInt())) {
                problems.add("panel id " + p.path("id").asInt() + " is used twice");
            }
            if (title.isBlank() || p.path("type").asText().isBlank()) {
                problems.add(name + ": no title or type");
            }
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt(-1);
            int y = g.path("y").asInt(-1);
            int w = g.path("w").asInt(0);
            int h = g.path("h").asInt(0);
            if (x < 0 || y < 0 || w < 1 || h < 1) {
                problems.add(name + ": gridPos needs x, y, w and h");
                continue;
            }
            if (x + w > 24) {
                problems.add(name + ": gridPos ends beyond column 24");
            }
            for (int cx = x; cx < x + w; cx++) {
                for (int cy = y; cy < y + h; cy++) {
                    String other = cells.put(cx + "," + cy, title);
                    if (other != null) {
                        problems.add(name + ": overlaps '" + other + "' at column " + cx + ", row " + cy);
                        cx = x + w;
                        break;
                    }
                }
            }
            if (p.path("type").asText().equals("row")) {
                rows.add(title);
                continue;
            }
            JsonNode ds = p.path("datasource");
            if (!ds.path("type").asText().equals("prometheus") || !ds.path("uid").asText().equals("${datasource}")) {
                problems.add(name + ": no Prometheus datasource");
            }
            if (p.path("targets").isEmpty()) {
                problems.add(name + ": no targets");
            }
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
                String ref = t.path("refId").asText();
                if (ref.isBlank() || !refIds.add(ref)) {
                    problems.add(name + ": a target without a unique refId");
                }
                if (t.path("expr").asText().isBlank()) {
                    problems.add(name + " target " + ref + ": no expr");
                }
            }
        }
        if (!rows.containsAll(ROWS)) {
            problems.add("rows " + rows + ": expected at least " + ROWS);
        }
        return problems;
    }

    /** Every panel's PromQL parses: promtool checks them as recording rules ($__rate_interval taken as 5m). */
    @Test
    void everyPanelExpressionParses(@TempDir Path tmp) throws Exception {
        Optional<Path> promtool = Promtool.find();
        assumeTrue(promtool.isPresent(), Promtool.MISSING);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String[]> exprs = MonitoringFiles.dashboardExpressions(MonitoringFiles.json(MonitoringFiles.DASHBOARD));
        for (int i = 0; i < exprs.size(); i++) {
            String[] e = exprs.get(i);
            rules.append("      - record: dashboard:panel_").append(i).append("\n        expr: ")
                    .append(MonitoringFiles.JSON.writeValueAsString(e[1].replace("$__rate_interval", "5m")))
                    .append('\n');
        }
        Files.writeString(tmp.resolve("panels.yml"), rules);
        Promtool.Run run = Promtool.run(promtool.get(), tmp, "check", "rules", "panels.yml");
        assertThat(run.exitCode()).as("promtool check rules on the dashboard's expressions:\n" + run.output())
                .isZero();
        assertThat(run.output()).contains("SUCCESS: " + exprs.size() + " rules found");
    }
}
