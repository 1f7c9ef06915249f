package io.fosfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: no source, script or document points at a file outside it, neither through a relative
 * path that climbs above the repository root nor by the names of the design notes it was first written from. The
 * protocol, architecture and decisions live in {@code docs/}. This module is built by every build, so the check runs
 * in every {@code ./mvnw verify}.
 */
class RepositoryStandsAloneTest {

    /** Directories that hold build output, downloads or run-time data, never sources. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules", ".fosfleet", "data",
            ".idea", ".vscode");
    private static final Set<String> BINARY_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "ico", "jar", "class",
            "tar", "gz", "zip", "woff", "woff2", "ttf", "pdf", "bin", "der", "p12", "jks");
    /** The design notes outside the repository; spelt in pieces so that this file does not name them itself. */
    private static final Pattern OUTSIDE_NAMES = Pattern.compile(String.join("|",
            Pattern.quote("PROTOCOL" + ".md"), Pattern.quote("DESIGN" + ".md"), Pattern.quote("BUILD" + "-NOTES"),
            "(?<![\\w.-])" + Pattern.quote("shared" + "/")));
    /** A run of parent steps ({@code ..}, {@code ../..}, ...) as a relative path starts. */
    private static final Pattern PARENT_STEPS = Pattern.compile("(?<![\\w.])\\.\\.(?:/\\.\\.)*(?=/|\\b|$)");

    @Test
    void noFileReferencesAPathOutsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<String> offences = new ArrayList<>();
        for (Path file : textFiles(root)) {
            offences.addAll(offences(root, file));
        }
        assertTrue(offences.isEmpty(), "files that point outside the repository (refer to docs/ instead):\n  "
                + String.join("\n  ", offences));
    }

    @Test
    void theCheckSeesBothKindsOfOutsideReference() throws IOException {
        Path root = repositoryRoot();
        Path file = root.resolve("protocol/src/main/java/Example.java");
        String escaping = "see " + "../../../../../" + "notes/x.txt";
        String named = "see " + "PROTOCOL" + ".md §1";
        assertTrue(lineOffences(root, file, escaping, 1).size() == 1, escaping);
        assertTrue(lineOffences(root, file, named, 1).size() == 1, named);
        assertTrue(lineOffences(root, file, "see ../../../pom.xml and docs/protocol.md §1", 1).isEmpty());
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("protocol")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (a directory with mvnw and protocol/) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static List<Path> textFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
                if (attrs.isRegularFile() && attrs.size() < 2_000_000 && !BINARY_EXTENSIONS.contains(ext)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static List<String> offences(Path root, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return List.of();
            }
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            found.addAll(lineOffences(root, file, lines[i], i + 1));
        }
        return found;
    }

    /** What one line points at outside the repository, as {@code path:line: reason}. */
    static List<String> lineOffences(Path root, Path file, String line, int number) {
        List<String> found = new ArrayList<>();
        String where = root.relativize(file) + ":" + number + ": ";
        Matcher named = OUTSIDE_NAMES.matcher(line);
        if (named.find()) {
            found.add(where + "names '" + named.group() + "', a file outside the repository");
        }
        int depth = root.relativize(file.getParent()).getNameCount();
        if (file.getParent().equals(root)) {
            depth = 0;
        }
        Matcher up = PARENT_STEPS.matcher(line);
        while (up.find()) {
            int steps = (up.group().length() + 1) / 3;
            if (steps > depth) {
                found.add(where + "'" + up.group() + "' climbs above the repository root");
                break;
            }
        }
        return found;
    }
}
