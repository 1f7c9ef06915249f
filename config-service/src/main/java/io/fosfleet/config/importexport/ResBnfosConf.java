package io.fosfleet.config.importexport;

import io.fosfleet.config.problem.Inputs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asterisk res_bnfos's {@code bnfos.conf}: one {@code [device]} section per berofos with {@code dev_mac},
 * {@code dev_ip}, {@code kick_interval} (seconds, default 5), {@code kick_start_delay} (seconds, default the kick
 * interval), {@code events_cmd} and {@code disabled}; {@code ;} starts a comment. Reading collects every problem with
 * its line number instead of stopping at the first.
 */
public record ResBnfosConf(List<Section> sections, List<LineProblem> problems) {

    /** The keys res_bnfos reads. */
    static final List<String> KEYS = List.of("dev_mac", "dev_ip", "kick_interval", "kick_start_delay", "events_cmd",
            "disabled");

    /** A problem of one line, counted from 1. */
    public record LineProblem(int line, String message) {
    }

    /** One section and the line of each of its keys. */
    public record Section(String name, int line, Map<String, String> values, Map<String, Integer> lines) {

        /** The line of a key, or of the section header when the key is absent. */
        public int lineOf(String key) {
            return lines.getOrDefault(key, line);
        }
    }

    /** Longer lines are refused (res_bnfos's own lines are far shorter), so no message repeats a huge line. */
    static final int MAX_LINE = 1000;
    private static final Pattern SECTION = Pattern.compile("\\[([^\\[\\]]+)](.*)");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_]+)\\s*=>?\\s*(.*)");

    public static ResBnfosConf parse(String text) {
        List<Section> sections = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Section current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() > MAX_LINE) {
                problems.add(new LineProblem(number, "the line has " + line.length() + " characters, at most "
                        + MAX_LINE));
                continue;
            }
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                String name = section.group(1).strip();
                if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    problems.add(new LineProblem(number, "section [" + name + "] appears a second time"));
                }
                current = new Section(name, number, new LinkedHashMap<>(), new LinkedHashMap<>());
                sections.add(current);
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                // the line is not repeated: whatever was mistyped there may be a secret
                problems.add(new LineProblem(number, "expected 'key=value' or a [section]"));
            } else if (current == null) {
                problems.add(new LineProblem(number, Inputs.quote(assignment.group(1)) + " outside a section: put a "
                        + "[device] line before it"));
            } else {
                String key = assignment.group(1).toLowerCase(Locale.ROOT);
                if (!KEYS.contains(key)) {
                    problems.add(new LineProblem(number, "unknown key " + Inputs.quote(key) + "; res_bnfos reads "
                            + String.join(", ", KEYS)));
                } else if (current.values().containsKey(key)) {
                    problems.add(new LineProblem(number, key + " appears a second time in [" + current.name() + "]"));
                } else {
                    current.values().put(key, assignment.group(2).strip());
                    current.lines().put(key, number);
                }
            }
        }
        return new ResBnfosConf(sections, problems);
    }

    private static String stripComment(String line) {
        int semicolon = line.indexOf(';');
        return semicolon < 0 ? line : line.substring(0, semicolon);
    }

    /** Writes the sections as res_bnfos reads them. */
    public static String format(List<Section> sections) {
        StringBuilder out = new StringBuilder("; res_bnfos configuration written by fosfleet config-service\n");
        for (Section s : sections) {
            out.append('\n').append('[').append(s.name()).append("]\n");
            s.values().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        }
        return out.toString();
    }
}
