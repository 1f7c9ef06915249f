package io.fosfleet.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs bnfos on in the background for {@code -b}. A JVM cannot fork, so the background process is a new one: this
 * process's own command line with the given arguments, detached from the terminal, without standard input or output.
 */
@FunctionalInterface
interface Detacher {

    /**
     * Starts the background process and returns without waiting for it.
     *
     * @param ownArgs the arguments this process was started with (they end its command line)
     * @param args the arguments of the background process
     */
    void start(String[] ownArgs, List<String> args) throws IOException;

    /** Starts the same java command (JVM options, class path, main class) again, in a session of its own. */
    static Detacher relaunchingSelf() {
        return (ownArgs, args) -> {
            ProcessHandle.Info self = ProcessHandle.current().info();
            String command = self.command().orElseThrow(() -> new IOException("cannot read this process's command"));
            String[] all = self.arguments().orElseThrow(() -> new IOException("cannot read this process's arguments"));
            List<String> launch = new ArrayList<>();
            Path setsid = Path.of("/usr/bin/setsid");
            if (Files.isExecutable(setsid)) {
                // Like the reference tool's setpgrp(): a hangup of the terminal must not end the kick loop.
                launch.add(setsid.toString());
            }
            launch.add(command);
            launch.addAll(List.of(all).subList(0, all.length - ownArgs.length));
            launch.addAll(args);
            new ProcessBuilder(launch)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        };
    }
}
