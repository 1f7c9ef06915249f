package io.fosfleet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs bnfos in the test's JVM, as the process would run, and keeps what it printed. */
final class Cli {

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();
    private int rounds = 1;
    private final List<Duration> pauses = new ArrayList<>();
    private Detacher detacher = (ownArgs, args) -> {
        throw new AssertionError("bnfos detached unexpectedly: " + args);
    };

    /** A conf file of the test's own, so that no test reads /etc/bnfos.conf. */
    static Cli withConf(Path confFile) {
        return new Cli().env(Bnfos.CONF_ENV, confFile.toString());
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** With {@code -c}, ends the loop after this many rounds (without waiting). */
    Cli rounds(int rounds) {
        this.rounds = rounds;
        return this;
    }

    Cli detacher(Detacher detacher) {
        this.detacher = detacher;
        return this;
    }

    /** The waits the loop asked for between rounds. */
    List<Duration> pauses() {
        return pauses;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Pause pause = wait -> {
            pauses.add(wait);
            return pauses.size() < rounds;
        };
        int status = new Bnfos(pause, detacher).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What the reference tool printed for a command, from src/test/resources/reference (see its README). */
    static String reference(String name) {
        try (InputStream in = Cli.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference text " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
