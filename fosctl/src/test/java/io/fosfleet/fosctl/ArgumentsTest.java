package io.fosfleet.fosctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArgumentsTest {

    @TempDir
    Path home;

    private Map<String, String> env() {
        return Map.of("XDG_CONFIG_HOME", home.toString());
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> commands = List.of(List.of(), List.of("login"), List.of("logout"), List.of("get"),
                List.of("describe"), List.of("switch"), List.of("power"), List.of("maintenance"), List.of("watch"),
                List.of("rollout"), List.of("rollout", "create"), List.of("rollout", "status"),
                List.of("rollout", "pause"), List.of("rollout", "resume"), List.of("rollout", "abort"),
                List.of("completion"));
        for (List<String> c : commands) {
            String[] args = java.util.stream.Stream.concat(c.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            Run r = Run.of(env(), "", args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: fosctl");
        }
    }

    @Test
    void usageErrorsExitOneWithOneLineAndAHint() {
        for (String[] args : List.of(new String[] {"frobnicate"}, new String[] {"get", "widgets"},
                new String[] {"switch", "fos-1", "A-B"}, new String[] {"switch", "fos-1", "A-X", "--reason", "r"},
                new String[] {"power", "fos-1", "3", "on", "--reason", "r"},
                new String[] {"maintenance", "maybe", "p1", "--reason", "r"},
                new String[] {"get", "nodes", "--site", "fra1"}, new String[] {"watch", "--count", "0"},
                new String[] {"switch", "fos-1", "A-B", "--reason", "r", "--timeout", "soon"},
                new String[] {"-o", "xml", "get", "devices"})) {
            Run r = Run.of(Map.of("XDG_CONFIG_HOME", home.toString(), "FOSFLEET_SERVER", "http://127.0.0.1:1",
                    "FOSFLEET_TOKEN", "t"), "", args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(Exit.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("fosctl: ").doesNotContain("\tat ");
        }
    }

    @Test
    void withoutServerOrTokenItSaysToSignIn() {
        Run noServer = Run.of(env(), "", "get", "devices");
        assertThat(noServer.code()).isEqualTo(Exit.UNAUTHENTICATED);
        assertThat(noServer.err()).contains("fosctl login");
        Run noToken = Run.of(Map.of("XDG_CONFIG_HOME", home.toString(), "FOSFLEET_SERVER", "http://127.0.0.1:1"), "",
                "get", "devices");
        assertThat(noToken.code()).isEqualTo(Exit.UNAUTHENTICATED);
        assertThat(noToken.err()).contains("not signed in to http://127.0.0.1:1/");
    }

    @Test
    void anUnreachableServerExitsEight() {
        Run r = Run.of(env(), "", "get", "pairs", "--server", "http://127.0.0.1:1", "--token", "t");
        assertThat(r.code()).isEqualTo(Exit.UNREACHABLE);
        assertThat(r.err()).isEqualTo("fosctl: cannot reach config-service at http://127.0.0.1:1/: connection refused\n");
    }

    @Test
    void globalOptionsGoBeforeOrAfterTheCommand() {
        for (String[] args : List.of(new String[] {"--server", "ftp://x", "get", "devices"},
                new String[] {"get", "devices", "--server", "ftp://x"})) {
            Run r = Run.of(env(), "", args);
            assertThat(r.code()).isEqualTo(Exit.USAGE);
            assertThat(r.err()).contains("'ftp://x' is not an http:// or https:// URL");
        }
    }

    @Test
    void durationsAsPeopleWriteThem() {
        assertThat(Fosctl.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Fosctl.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Fosctl.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Fosctl.duration("PT1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void bashCompletionKnowsTheCommands() {
        Run r = Run.of(env(), "", "completion", "bash");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("maintenance").contains("rollout");
    }

    @Test
    void theReasonIsLimitedBeforeAnythingIsSent() {
        Run r = Run.of(env(), "", "maintenance", "on", "p1", "--reason", "x".repeat(501), "--server",
                "http://127.0.0.1:1", "--token", "t");
        assertThat(r.code()).isEqualTo(Exit.USAGE);
        assertThat(r.err()).contains("--reason must have 1 to 500 characters");
    }

    @Test
    void theCommandTreeIsValid() {
        CommandLine cl = Fosctl.commandLine(new Fosctl(env(), System.in, System.out, System.err));
        assertThat(cl.getSubcommands().keySet()).containsExactly("login", "logout", "get", "describe", "switch",
                "power", "maintenance", "watch", "rollout", "completion");
    }
}
