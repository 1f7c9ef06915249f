package io.fosfleet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One process of the local run: a child JVM whose output goes to its own log file. */
public final class Child {

    /**
     * Put on every child's command line. A launcher killed with SIGKILL cannot stop its children; the next run finds
     * them by this mark (and this repository's path) and stops them before it binds the same ports.
     */
    public static final String MARK = "-Dfosfleet.local.run=";

    private final String name;
    private final Process process;
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java [jvmOptions] MARK<root> args...} in {@code workDir}, stdout and stderr to {@code log}
     * (overwritten: a file holds one run).
     */
    public static Child start(String name, Path root, List<String> jvmOptions, List<String> args, Path workDir, Path log) {
        return start(name, root, jvmOptions, args, Map.of(), workDir, log);
    }

    /**
     * {@link #start(String, Path, List, List, Path, Path)} with {@code environment} added to the child's environment
     * (secrets go there, never on the command line; they are not logged).
     */
    public static Child start(String name, Path root, List<String> jvmOptions, List<String> args,
                              Map<String, String> environment, Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add(MARK + root);
        command.addAll(args);
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new Child(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** Whether the log holds {@code text} yet: how the broker, the sinks and the simulator say they are ready. */
    public boolean logged(String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The last lines of the log, for a failure report. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks the process to stop (SIGTERM: shutdown hooks run, Quarkus shuts down gracefully). */
    public void requestStop() {
        process.destroy();
    }

    /** Kills the process at once (SIGKILL: no shutdown hook runs, nothing is flushed) and waits for it to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to end after {@link #requestStop()}; kills it when it takes longer than {@code grace}. */
    public void awaitStop(Duration grace) throws InterruptedException {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println("  " + name + " did not stop within " + grace.toSeconds() + " s: killed");
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
