package io.fosfleet.cli;

import io.fosfleet.protocol.conf.BnfosConf;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code bnfos} command: a drop-in replacement for the bntools command-line tool (same modes, options, texts,
 * conf file and exit statuses, docs/protocol.md §5), built on the protocol module.
 */
public final class Bnfos {

    static final Path DEFAULT_CONF_FILE = BnfosConf.DEFAULT_PATH;
    /** Environment variable naming the conf file instead of {@link #DEFAULT_CONF_FILE}; {@code --conf} wins over it. */
    static final String CONF_ENV = "BNFOS_CONF";

    private final Pause pause;
    private final Detacher detacher;

    public Bnfos() {
        this(Pause.sleeping(), Detacher.relaunchingSelf());
    }

    Bnfos(Pause pause, Detacher detacher) {
        this.pause = pause;
        this.detacher = detacher;
    }

    public static void main(String[] args) {
        int status = new Bnfos().run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /**
     * Runs one command as the bnfos process would.
     *
     * @param out the scan listing (and {@code --help})
     * @param err every message, unless {@code -s} or {@code -b} sends them to syslog
     * @param env the environment ({@value #CONF_ENV}, {@value LocalSyslog#TARGET_ENV})
     * @return the exit status: 0 success, 1 failure
     */
    public int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        String confFromEnv = env.get(CONF_ENV);
        Path confFile = confFromEnv == null || confFromEnv.isEmpty() ? DEFAULT_CONF_FILE : Path.of(confFromEnv);
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.confFile() != null) {
                confFile = Path.of(commandLine.confFile());
            }
            if (commandLine.help()) {
                out.print(Usage.text(confFile, true));
                out.flush();
                return 0;
            }
            if (commandLine.mode() == null) {
                throw new CliFailure("", true);
            }
            Invocation.requireMandatory(commandLine, confFile);
            boolean syslog = commandLine.has(ShortOption.SYSLOG) || commandLine.has(ShortOption.BACKGROUND);
            try (Messages messages = syslog ? LocalSyslog.open(env) : Messages.to(err)) {
                Invocation invocation = Invocation.from(commandLine, confFile, messages);
                if (invocation.detach()) {
                    return detach(args, commandLine, messages);
                }
                try (DeviceCommands commands = new DeviceCommands(invocation, out, messages)) {
                    return commands.run(pause);
                }
            }
        } catch (CliFailure f) {
            err.print(f.text());
            if (f.showUsage()) {
                err.print(Usage.text(confFile, false));
            }
            err.flush();
            return 1;
        }
    }

    /** {@code -b}: the same command without {@code -b} (so with {@code -s}) runs on in the background. */
    private int detach(String[] args, CommandLine commandLine, Messages messages) {
        List<String> background = commandLine.without(ShortOption.BACKGROUND).withFlag(ShortOption.SYSLOG).toArgs();
        try {
            detacher.start(args, background);
            return 0;
        } catch (IOException e) {
            messages.error("Could not fork, exiting!\n");
            return 1;
        }
    }
}
