package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code target/bnfos} run as a real process, as an operator's script runs it. */
class LauncherIT {

    private static final Path EXECUTABLE = Path.of(System.getProperty("bnfos.executable", "target/bnfos"));
    /**
     * The class-data archives the launcher makes in the background go here, not into a JUnit temporary directory,
     * which could be deleted while an archive is still being written.
     */
    private static final Path CACHES = Path.of("target", "launcher-it");

    private static SimulatedRack rack;

    @TempDir
    Path dir;

    private final List<ProcessHandle> background = new ArrayList<>();

    @BeforeAll
    static void startDevices() {
        rack = SimulatedRack.start(1, Map.of());
    }

    @AfterAll
    static void stopDevices() {
        rack.close();
    }

    @AfterEach
    void stopBackgroundProcesses() {
        background.forEach(ProcessHandle::destroy);
    }

    @Test
    void kick() throws Exception {
        assertThat(bnfos(Map.of(), "--kick", "-m", rack.mac(0), "-h", rack.host(0)))
                .isEqualTo(new Cli.Result(0, "", "Watchdog successfully kicked!\n"));
    }

    @Test
    void usageWithoutMode() throws Exception {
        assertThat(bnfos(Map.of())).isEqualTo(new Cli.Result(1, "", Cli.reference("usage.txt")));
    }

    @Test
    void theFirstRunPreparesClassDataSharingForTheNext() throws Exception {
        Path cache = Files.createDirectories(CACHES).resolve("first-run-" + System.nanoTime()).toAbsolutePath();
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());

        assertThat(bnfos(env, "--ping", "-m", rack.mac(0), "-h", rack.host(0)).status()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> archives(cache, ".jsa").size() == 1);
        assertThat(archives(cache, ".jsa").get(0).getFileName().toString()).matches("bnfos-[0-9.-]+\\.jsa");

        assertThat(bnfos(env, "--ping", "-m", rack.mac(0), "-h", rack.host(0)))
                .isEqualTo(new Cli.Result(0, "", "Ping succeeded!\n"));
    }

    @Test
    void onAJavaWithAheadOfTimeCacheTheFirstRunPreparesOneForTheNext() throws Exception {
        Path java = Path.of(System.getProperty("bnfos.aot-java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        assumeTrue(Files.isExecutable(java.resolve("bin/java")), "a Java 24+ runtime at " + java);
        Path cache = Files.createDirectories(CACHES).resolve("first-run-aot-" + System.nanoTime()).toAbsolutePath();
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_HOME", java.toString());

        assertThat(bnfos(env, "--ping", "-m", rack.mac(0), "-h", rack.host(0)).status()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> archives(cache, ".aot").size() == 1);
        assertThat(archives(cache, ".aot").get(0).getFileName().toString()).matches("bnfos-[0-9.-]+\\.aot");
        assertThat(archives(cache, ".jsa")).isEmpty();

        assertThat(bnfos(env, "--ping", "-m", rack.mac(0), "-h", rack.host(0)))
                .isEqualTo(new Cli.Result(0, "", "Ping succeeded!\n"));
        assertThat(bnfos(env, "--kick", "-m", rack.mac(0), "-h", rack.host(0)))
                .isEqualTo(new Cli.Result(0, "", "Watchdog successfully kicked!\n"));
    }

    @Test
    void backgroundKickLoopReturnsAtOnceAndKicksOnLoggingToSyslog() throws Exception {
        String marker = dir.resolve("marker.conf").toString();
        try (SyslogSink syslog = new SyslogSink()) {
            long start = System.nanoTime();
            Cli.Result r = bnfos(Map.of(LocalSyslog.TARGET_ENV, syslog.target()), "--kick", "-m", rack.mac(0), "-h",
                    rack.host(0), "-c", "-b", "-w", "1", "--conf", marker);

            assertThat(r).isEqualTo(new Cli.Result(0, "", ""));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> !processesWith(marker).isEmpty());
            background.addAll(processesWith(marker));
            await().atMost(Duration.ofSeconds(15)).until(() -> syslog.messages().size() >= 3);
            assertThat(syslog.withoutTimestamps()).allMatch("<13>bnfos: Watchdog successfully kicked!"::equals);
        }
        ProcessHandle loop = background.get(0);
        loop.destroy();
        assertThat(loop.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    private static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(marker)).orElse(false))
                .toList();
    }

    private static List<Path> archives(Path cache, String suffix) throws IOException {
        Path dir = cache.resolve("bnfos");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }

    /** Runs the executable; the tests share one XDG_CACHE_HOME unless one is given. */
    private Cli.Result bnfos(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().put("XDG_CACHE_HOME", CACHES.resolve("shared").toAbsolutePath().toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bnfos ended").isTrue();
        return new Cli.Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
