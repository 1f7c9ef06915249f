package io.fosfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's README starts with a package map, and the map is the code's: every Java package under
 * {@code src/main/java} that holds a class has its row, and every row names such a package. A newcomer reads the map
 * first; a map that lies sends them to the wrong place.
 */
class PackageMapTest {

    private static final String HEADING = "## Package map";
    /** A table row whose first cell is a package in backticks. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(io\\.fosfleet(?:\\.[a-z0-9_]+)*)`\\s*\\|.*\\|\\s*$");

    @ParameterizedTest
    @ValueSource(strings = {"config-service", "alert-service", "heartbeat-service", "device-gateway"})
    void theReadmeStartsWithAPackageMapThatMatchesTheCode(String module) throws IOException {
        Path root = RepositoryStandsAloneTest.repositoryRoot().resolve(module);
        List<String> lines = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        int heading = lines.indexOf(HEADING);
        assertTrue(heading >= 0, module + "/README.md has no '" + HEADING + "' section");
        long sectionsBefore = lines.subList(0, heading).stream().filter(l -> l.startsWith("## ")).count();
        assertEquals(0, sectionsBefore, module + "/README.md: the package map must be its first section");

        assertEquals(packagesInCode(root.resolve("src/main/java")), packagesInMap(lines, heading),
                module + "/README.md: the package map and the packages under src/main/java differ");
    }

    @Test
    void aRowNamesItsPackageInBackticks() {
        Matcher row = ROW.matcher("| `io.fosfleet.alert.kafka` | the intake channel |");
        assertTrue(row.matches());
        assertEquals("io.fosfleet.alert.kafka", row.group(1));
        assertTrue(!ROW.matcher("| io.fosfleet.alert | no backticks |").matches());
    }

    /** The rows of the map's table, up to the next section. */
    private static Set<String> packagesInMap(List<String> lines, int heading) {
        Set<String> packages = new TreeSet<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                packages.add(row.group(1));
            }
        }
        return packages;
    }

    /** Every package that holds at least one {@code .java} file. */
    private static Set<String> packagesInCode(Path sources) throws IOException {
        Set<String> packages = new TreeSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        for (Path file : files) {
            packages.add(sources.relativize(file.getParent()).toString().replace('/', '.'));
        }
        return packages;
    }
}
