package io.fosfleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md's endpoint table says exactly what the code does: every JAX-RS endpoint of every service (found in
 * {@code <module>/src/main/java}: {@code @Path} of the class and the method, the HTTP method, and
 * {@code @RolesAllowed} / {@code @PermitAll} / {@code @Authenticated} / {@code @DenyAll} of the method, else of the
 * class) is one row with the same roles, and the table has no other row. A new endpoint or a changed role that the
 * table does not show fails here.
 */
class SecurityDocTest {

    static final Path ROOT = ManifestsTest.DIR.resolve("../..").normalize();

    /** One row: which service answers which method on which path, for whom. */
    record Row(String service, String method, String path, String roles) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return "| `" + service + "` | " + method + " | `" + path + "` | " + roles + " |";
        }
    }

    private static final Pattern HTTP = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH|HEAD)\\b");
    private static final Pattern PATH = Pattern.compile("@Path\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern ROLES = Pattern.compile("@RolesAllowed\\(\\s*\\{?([^})]*)}?\\s*\\)");
    private static final Pattern TABLE_ROW = Pattern.compile(
            "^\\|\\s*`([\\w-]+)`\\s*\\|\\s*([A-Z]+)\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]+?)\\s*\\|.*$");

    @Test
    void theEndpointTableMatchesTheCode() throws IOException {
        Set<Row> code = new TreeSet<>(endpoints());
        Set<Row> documented = new TreeSet<>(documented());
        assertThat(code).as("endpoints found in the code").isNotEmpty();
        Set<Row> missing = new TreeSet<>(code);
        missing.removeAll(documented);
        Set<Row> stale = new TreeSet<>(documented);
        stale.removeAll(code);
        assertThat(missing).as("rows SECURITY.md lacks (or shows with other roles)").isEmpty();
        assertThat(stale).as("rows of SECURITY.md that the code does not have").isEmpty();
    }

    @Test
    void theScannerReadsRolesPathsAndMethodsAsWritten() {
        String source = String.join("\n",
                "@Path(\"/api/things\")",
                "@RolesAllowed({Roles.VIEWER, Roles.ADMIN})",
                "public class Things {",
                "    @GET",
                "    public List<Thing> all() {",
                "    }",
                "    @POST",
                "    @Path(\"{id}/go\")",
                "    @RolesAllowed(\"operator\")",
                "    public Response go(@PathParam(\"id\") String id,",
                "                       @Context UriInfo uri) {",
                "    }",
                "    @DELETE",
                "    @Path(\"/{id}\")",
                "    @PermitAll",
                "    public void drop() {",
                "    }",
                "}");
        assertThat(parse("svc", source)).containsExactly(
                new Row("svc", "GET", "/api/things", "viewer, admin"),
                new Row("svc", "POST", "/api/things/{id}/go", "operator"),
                new Row("svc", "DELETE", "/api/things/{id}", "anyone"));
    }

    static List<Row> endpoints() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> modules = Stream.concat(Files.list(ROOT), Files.list(ROOT.resolve("deploy")))) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> rows.addAll(
                            parse(module.getFileName().toString(), read(f))));
                }
            }
        }
        return rows;
    }

    static List<Row> documented() throws IOException {
        return Files.readAllLines(ROOT.resolve("SECURITY.md")).stream().map(TABLE_ROW::matcher)
                .filter(Matcher::matches)
                .map(m -> new Row(m.group(1), m.group(2), m.group(3), m.group(4).strip())).toList();
    }

    /**
     * The endpoints of one source file: annotation lines are gathered until the declaration they belong to; a class's
     * give the base path and roles, a method's with an HTTP method make a row.
     */
    static List<Row> parse(String service, String source) {
        if (!source.contains("@Path(")) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        String classPath = "";
        String classRoles = null;
        StringBuilder block = new StringBuilder();
        int open = 0;
        for (String line : withoutComments(source).split("\n")) {
            String t = line.strip();
            if (open > 0 || t.startsWith("@")) {
                block.append(' ').append(t);
                open += count(t, '(') - count(t, ')');
                continue;
            }
            if (t.isEmpty()) {
                continue;
            }
            String annotations = block.toString();
            block.setLength(0);
            open = 0;
            if (t.matches("(public\\s+|final\\s+|abstract\\s+)*class\\s.*")) {
                classPath = first(PATH, annotations, "");
                classRoles = roles(annotations);
            } else if (HTTP.matcher(annotations).find()) {
                Matcher http = HTTP.matcher(annotations);
                http.find();
                String own = roles(annotations);
                String roles = own != null ? own : classRoles != null ? classRoles : "anyone";
                rows.add(new Row(service, http.group(1), join(classPath, first(PATH, annotations, "")), roles));
            }
        }
        return rows;
    }

    private static String roles(String annotations) {
        Matcher allowed = ROLES.matcher(annotations);
        if (allowed.find()) {
            return Arrays.stream(allowed.group(1).split(",")).map(String::strip).filter(r -> !r.isEmpty())
                    .map(r -> r.startsWith("\"") ? r.substring(1, r.length() - 1)
                            : r.substring(r.lastIndexOf('.') + 1).toLowerCase())
                    .collect(Collectors.joining(", "));
        }
        if (annotations.contains("@PermitAll")) {
            return "anyone";
        }
        if (annotations.contains("@Authenticated")) {
            return "any signed-in user";
        }
        if (annotations.contains("@DenyAll")) {
            return "nobody";
        }
        return null;
    }

    private static String join(String base, String own) {
        String p = ("/" + base + "/" + own).replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String first(Pattern p, String text, String otherwise) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(ch -> ch == c).count();
    }

    /** Block comments (Javadoc too) and whole-line comments: what they say is no annotation. */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
