package io.fosfleet.fosctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** fosctl: the operators' command-line tool over config-service's REST API and its live gRPC event stream. */
@Command(name = "fosctl", mixinStandardHelpOptions = true, versionProvider = Fosctl.Version.class,
        description = "Operate a fosfleet installation: inventory, commands, maintenance, live events.",
        subcommands = {SessionCommands.Login.class, SessionCommands.Logout.class, ReadCommands.Get.class,
                ReadCommands.Describe.class, ActionCommands.Switch.class, ActionCommands.Power.class,
                ActionCommands.Maintenance.class, WatchCommand.class, RolloutCommands.class,
                Fosctl.Completion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  usage: unknown command or option, missing or malformed value",
                "  2  not signed in, or the token was refused (401)", "  3  forbidden for your role (403)",
                "  4  not found (404)", "  5  refused by the server: invalid, conflict, throttled (400, 409, 429)",
                "  6  the command FAILED on the device", "  7  timeout: no result within --timeout",
                "  8  config-service unreachable", "  9  server error (5xx)"})
public final class Fosctl {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "config-service base URL, e.g. https://fosfleet.example.net (default: FOSFLEET_SERVER, "
                    + "else the one you signed in to)")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "JWT",
            description = "use this token instead of the stored one (default: FOSFLEET_TOKEN)")
    String token;

    @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "PEM",
            description = "trust the CA certificates in this PEM file for https (default: the Java trust store)")
    Path caFile;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table, json or yaml (default: table)")
    Output.Format format = Output.Format.table;

    final Map<String, String> env;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    Fosctl(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    /** Runs one command line; returns the exit code (see {@link Exit}). */
    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Fosctl root = new Fosctl(env, in, out, err);
        CommandLine cl = commandLine(root);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cl.execute(args);
    }

    static CommandLine commandLine(Fosctl root) {
        CommandLine cl = new CommandLine(root);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Duration.class, Fosctl::duration);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof Exit.Failure f) {
                line.getErr().println("fosctl: " + f.getMessage());
                return f.code;
            }
            // never a stack trace: what failed, in one line
            line.getErr().println("fosctl: unexpected failure: " + Exit.oneLine(String.valueOf(e)));
            return Exit.SERVER_ERROR;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("fosctl: " + Exit.oneLine(e.getMessage()));
            line.getErr().println("Try '" + line.getCommandSpec().qualifiedName() + " --help'.");
            return Exit.USAGE;
        });
        return cl;
    }

    /** Durations as people type them: 500ms, 30s, 2m, 1h, or ISO-8601 (PT30S). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: break;
            }
        } catch (RuntimeException e) {
            // the message below
        }
        throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (e.g. 30s, 2m, 500ms)");
    }

    // ---------------------------------------------------------------- the session every command uses

    ConfigFile configFile() {
        return ConfigFile.fromEnvironment(env);
    }

    /** --server, else FOSFLEET_SERVER, else the stored server; a usage error when there is none. */
    URI serverUri() {
        String s = server != null ? server : env.get("FOSFLEET_SERVER");
        if (s == null || s.isBlank()) {
            s = configFile().load().server();
        }
        if (s == null || s.isBlank()) {
            throw new Exit.Failure(Exit.UNAUTHENTICATED, "no server: sign in with fosctl login --server URL, or set "
                    + "--server or FOSFLEET_SERVER");
        }
        return parseServer(s);
    }

    static URI parseServer(String s) {
        try {
            URI u = new URI(s.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new Exit.Failure(Exit.USAGE, "--server '" + Exit.oneLine(s) + "' is not an http:// or https:// "
                        + "URL, e.g. https://fosfleet.example.net");
            }
            String path = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
            if (!path.endsWith("/")) {
                path = path + "/";
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new Exit.Failure(Exit.USAGE, "--server '" + Exit.oneLine(s) + "' is not a URL");
        }
    }

    /**
     * The token: --token, else FOSFLEET_TOKEN, else the stored one — the stored one only for the server it was issued
     * by, so a token is never sent to another server.
     */
    String tokenFor(URI serverUri) {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        String fromEnv = env.get("FOSFLEET_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        ConfigFile.Saved saved = configFile().load();
        if (saved.token() != null && saved.server() != null && parseServer(saved.server()).equals(serverUri)) {
            return saved.token();
        }
        return null;
    }

    /** The API with the session's token; "not signed in" (exit 2) when there is no token at all. */
    Api api() {
        URI s = serverUri();
        String t = tokenFor(s);
        if (t == null) {
            throw new Exit.Failure(Exit.UNAUTHENTICATED, "not signed in to " + s + ": run fosctl login");
        }
        return new Api(s, t, caFile);
    }

    int width() {
        return Output.width(env);
    }

    // ---------------------------------------------------------------- small commands

    @Command(name = "completion", mixinStandardHelpOptions = true,
            description = "Print a bash (or zsh with bashcompinit) completion script: "
                    + "source <(fosctl completion bash)")
    static final class Completion implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (also for zsh)")
        String shell;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!shell.equals("bash") && !shell.equals("zsh")) {
                throw new Exit.Failure(Exit.USAGE, "no completion for '" + Exit.oneLine(shell) + "': bash or zsh");
            }
            CommandLine rootLine = spec.root().commandLine();
            spec.commandLine().getOut().print(picocli.AutoComplete.bash("fosctl", rootLine));
            spec.commandLine().getOut().flush();
            return Exit.OK;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Fosctl.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"fosctl " + p.getProperty("version", "unknown")};
        }
    }

    /** grpc-java and Netty log through java.util.logging; fosctl reports failures itself, in one line. */
    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    private static void quietLibraries() {
        GRPC_LOG.setLevel(Level.OFF);
        NETTY_LOG.setLevel(Level.OFF);
    }

    /** The root object of a command's line. */
    static Fosctl root(CommandLine.Model.CommandSpec spec) {
        return (Fosctl) spec.root().userObject();
    }
}
