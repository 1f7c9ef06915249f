package io.fosfleet.fosctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Signing in and out. */
final class SessionCommands {

    /** The longest password read from standard input; more is refused rather than cut. */
    static final int MAX_PASSWORD = 1024;
    /** The longest user name. */
    static final int MAX_USER = 100;

    private SessionCommands() {
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = {"Sign in: asks config-service for a token (POST /api/auth/token) and stores the server and "
                    + "the token in $XDG_CONFIG_HOME/fosfleet/fosctl.json (mode 600). The token is never printed.",
                    "The password is asked for on the terminal, or read from standard input with --password-stdin."})
    static final class Login implements Callable<Integer> {
        @Option(names = {"-u", "--user"}, required = true, description = "user name (at most 100 characters)")
        String user;
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Fosctl root = Fosctl.root(spec);
            if (user.isBlank() || user.length() > MAX_USER) {
                throw new Exit.Failure(Exit.USAGE, "--user must have 1 to " + MAX_USER + " characters");
            }
            URI server = root.serverUri();
            String password = password(root);
            Api api = new Api(server, null, root.caFile);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("username", user);
            body.put("password", password);
            JsonNode t;
            try {
                t = api.post("api/auth/token", body);
            } catch (Exit.Failure f) {
                if (f.code == Exit.NOT_FOUND) {
                    throw new Exit.Failure(Exit.NOT_FOUND, "config-service at " + server + " issues no tokens itself "
                            + "(POST /api/auth/token: 404): get a token from your identity provider and use --token "
                            + "or FOSFLEET_TOKEN");
                }
                throw f;
            }
            String token = t == null ? null : t.path("accessToken").asText(null);
            if (token == null || token.isBlank()) {
                throw new Exit.Failure(Exit.SERVER_ERROR, "config-service answered without a token");
            }
            String expires = t.path("expiresAt").asText(null);
            ConfigFile file = root.configFile();
            file.save(new ConfigFile.Saved(server.toString(), user, token, expires));
            StringBuilder roles = new StringBuilder();
            t.path("roles").forEach(r -> roles.append(roles.length() == 0 ? "" : ", ").append(r.asText()));
            root.err.println("signed in to " + server + " as " + user
                    + (roles.length() > 0 ? " (" + roles + ")" : "")
                    + (expires != null ? ", valid until " + expires : "") + "; token stored in " + file.path());
            return Exit.OK;
        }

        private String password(Fosctl root) {
            String password;
            if (passwordStdin) {
                try {
                    BufferedReader r = new BufferedReader(new InputStreamReader(root.in, StandardCharsets.UTF_8));
                    password = r.readLine();
                } catch (IOException e) {
                    throw new Exit.Failure(Exit.USAGE, "cannot read the password from standard input");
                }
            } else {
                Console console = System.console();
                if (console == null) {
                    throw new Exit.Failure(Exit.USAGE, "no terminal to ask for the password: use --password-stdin");
                }
                char[] typed = console.readPassword("Password for %s: ", user);
                password = typed == null ? null : new String(typed);
            }
            if (password == null || password.isEmpty()) {
                throw new Exit.Failure(Exit.USAGE, "no password given");
            }
            if (password.length() > MAX_PASSWORD) {
                throw new Exit.Failure(Exit.USAGE, "the password is longer than " + MAX_PASSWORD + " characters");
            }
            return password;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true,
            description = "Sign out: config-service revokes the stored token (POST /api/auth/logout) and fosctl "
                    + "forgets it (the server URL stays).")
    static final class Logout implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Fosctl root = Fosctl.root(spec);
            ConfigFile file = root.configFile();
            ConfigFile.Saved saved = file.load();
            if (saved.token() == null) {
                root.err.println("not signed in; nothing to do");
                return Exit.OK;
            }
            URI server = Fosctl.parseServer(saved.server());
            String note = "token revoked";
            try {
                new Api(server, saved.token(), root.caFile).post("api/auth/logout", null);
            } catch (Exit.Failure f) {
                if (f.code != Exit.UNAUTHENTICATED) {
                    throw new Exit.Failure(f.code, f.getMessage() + " (the token stays stored; try again)");
                }
                note = "the server no longer accepted the token";
            }
            file.save(new ConfigFile.Saved(saved.server(), null, null, null));
            root.err.println("signed out of " + server + ": " + note);
            return Exit.OK;
        }
    }
}
