package io.fosfleet.fosctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The three output formats: {@code table} (columns chosen per resource, cut to the terminal's width), {@code json}
 * (the API's own JSON, pretty) and {@code yaml} (the same data as YAML).
 */
final class Output {

    enum Format { table, json, yaml }

    /** A table column: its header and how a row's value is read from the API's JSON. */
    record Column(String header, Function<JsonNode, String> value) {
        static Column field(String header, String field) {
            return new Column(header, n -> text(n.get(field)));
        }
    }

    static final int MIN_COLUMN = 6;
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Output() {
    }

    /** The API's JSON as JSON or YAML. */
    static String document(JsonNode node, Format format) {
        try {
            return switch (format) {
                case yaml -> YAML.writeValueAsString(node).stripTrailing();
                default -> Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            };
        } catch (JsonProcessingException e) {
            throw new Exit.Failure(Exit.SERVER_ERROR, "cannot write the answer as " + format);
        }
    }

    static void print(PrintStream out, JsonNode rows, List<Column> columns, Format format, int width) {
        if (format != Format.table) {
            out.println(document(rows, format));
            return;
        }
        List<String[]> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++) {
                line[i] = Exit.oneLine(columns.get(i).value().apply(row));
            }
            cells.add(line);
        }
        out.print(table(columns.stream().map(Column::header).toList(), cells, width));
    }

    /**
     * Left-aligned columns two spaces apart. When the table is wider than {@code width}, the widest column is cut
     * (its values end in "…") until it fits or every column is down to {@link #MIN_COLUMN} characters.
     */
    static String table(List<String> headers, List<String[]> rows, int width) {
        int n = headers.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = headers.get(i).length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        int gaps = 2 * (n - 1);
        while (sum(w) + gaps > width) {
            int widest = 0;
            for (int i = 1; i < n; i++) {
                if (w[i] > w[widest]) {
                    widest = i;
                }
            }
            if (w[widest] <= MIN_COLUMN) {
                break;
            }
            w[widest]--;
        }
        StringBuilder b = new StringBuilder();
        line(b, headers.toArray(String[]::new), w);
        for (String[] r : rows) {
            line(b, r, w);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            if (c.length() > w[i]) {
                c = c.substring(0, w[i] - 1) + "…";
            }
            l.append(c);
            if (i < cells.length - 1) {
                l.append(" ".repeat(w[i] - c.length() + 2));
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    private static int sum(int[] w) {
        int s = 0;
        for (int x : w) {
            s += x;
        }
        return s;
    }

    /** A JSON value as a cell: "-" for nothing, text as is, anything else as compact JSON. */
    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "-";
        }
        if (v.isValueNode()) {
            String t = v.asText();
            return t.isEmpty() ? "-" : t;
        }
        return v.toString();
    }

    /** The terminal's width: COLUMNS when set to a number (shells export it), else 120. */
    static int width(java.util.Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int c = Integer.parseInt(columns.trim());
                if (c >= 20) {
                    return c;
                }
            } catch (NumberFormatException e) {
                // not a number: the default
            }
        }
        return 120;
    }
}
