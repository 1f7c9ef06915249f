package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The usage text, the key lists and the command-line parsing errors, compared with the reference tool's. */
class UsageTest {

    private final Cli cli = new Cli();

    @Test
    void withoutModeTheUsageGoesToStandardErrorExactlyAsTheReferenceToolPrintsIt() {
        Cli.Result r = cli.run();

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(Cli.reference("usage.txt"));
    }

    @Test
    void wordsThatAreNotOptionsDoNotMakeAMode() {
        assertThat(cli.run("kick", "-").err()).isEqualTo(Cli.reference("usage.txt"));
    }

    @Test
    void helpPrintsTheUsageWithOurAdditionsOnStandardOutputAndSucceeds() {
        Cli.Result r = cli.run("--help");

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("\nUsage: bnfos <MODE> ...\n")
                .contains("  --conf <file>\tuse 'file' instead of /etc/bnfos.conf (also: environment variable "
                        + "BNFOS_CONF)\n")
                .contains("  --help\t\tshow this text\n")
                .endsWith("  wdogrtime=<wretv>    watchdog remaining time to failure\n\n");
    }

    @Test
    void theUsageNamesTheConfFileInUse() {
        Cli.Result r = new Cli().env(Bnfos.CONF_ENV, "/srv/fos.conf").run("--help");

        assertThat(r.out()).contains("  -x\t\twrite scan results to /srv/fos.conf\n")
                .contains("  -f <id>\tload mac and/or ip address from /srv/fos.conf\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--frobnicate               | bnfos: unrecognized option '--frobnicate'",
        "--kick=now                 | bnfos: option '--kick' doesn't allow an argument",
        "--s                        | bnfos: option '--s' is ambiguous; possibilities: '--scan' '--set'",
        "--flash                    | bnfos: option '--flash' requires an argument",
        "--kick -z                  | bnfos: invalid option -- 'z'",
        "--kick -m                  | bnfos: option requires an argument -- 'm'",
    })
    void getoptErrorsAreFollowedByTheUsage(String args, String message) {
        Cli.Result r = cli.run(args.split(" "));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(message + "\n" + Cli.reference("usage.txt"));
    }

    @Test
    void keyListsAreTheReferenceToolsWhenTheKeyIsUnknownOrTheValueMissing() {
        assertThat(cli.run("--set", "nokey=1", "-h", "127.0.0.1").err())
                .isEqualTo(Cli.reference("keys-invalid-pair.txt"));
        assertThat(cli.run("--set", "mode", "-h", "127.0.0.1").err()).isEqualTo(Cli.reference("keys-no-pair.txt"));
        assertThat(cli.run("--get", "nokey", "-h", "127.0.0.1").err()).isEqualTo(Cli.reference("keys-invalid-key.txt"));
        assertThat(cli.run("--get", "apwd", "-h", "127.0.0.1").err())
                .as("the admin password cannot be read").isEqualTo(Cli.reference("keys-invalid-key.txt"));
    }
}
