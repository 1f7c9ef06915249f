package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which option each mode requires, allows and refuses, and how option values are checked: the reference tool's
 * rules and messages, and our stricter checks. Nothing here reaches a device.
 */
class OptionRulesTest {

    private static final String MAC = "00:19:32:00:00:58";

    private final Cli cli = new Cli();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-m 00:19:32:00:00:58 --kick         | Invalid first argument, expecting an operation mode!",
        "--kick --ping                       | Unexpected '--ping' argument!",
        "--kick -m 00:19:32:00:00:58 -m 00:19:32:00:00:58 | Argument '-m' only allowed once!",
        "--kick -cc                          | Argument '-c' only allowed once!",
        "--scan -m 00:19:32:00:00:58         | No argument '-m' allowed in this mode!",
        "--kick -x                           | No argument '-x' allowed in this mode!",
        "--ping -b                           | No argument '-b' allowed in this mode!",
        "--reset -t 8                        | No argument '-t' allowed in this mode!",
        "--set mode=1 -c                     | No argument '-c' allowed in this mode!",
        "--show -i 10.0.0.5                  | No argument '-i' allowed in this mode!",
        "--netconf -u admin:pw               | No argument '-u' allowed in this mode!",
        "--kick --conf a --conf b            | Argument '--conf' only allowed once!",
    })
    void optionsAreCheckedAsTheyAreRead(String args, String message) {
        Cli.Result r = cli.run(args.split(" +"));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(message + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--kick                      | missing-kick.txt",
        "--flash fw.bin              | missing-flash.txt",
        "--netconf -i 10.0.0.5       | missing-netconf.txt",
        "--show -u admin:x           | missing-show.txt",
    })
    void missingMandatoryArgumentsAreListedWithTheOptionalOnes(String args, String reference) {
        Cli.Result r = cli.run(args.split(" "));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(Cli.reference(reference));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--kick -m 00:19:32:00:00        | Invalid mac address format, expecting XX:XX:XX:XX:XX:XX notation!",
        "--kick -m 00:19:32:00:00:5G     | Invalid mac address format at '5G', expecting XX:XX:XX:XX:XX:XX notation!",
        "--kick -m 00-19-32-00-00-58     | Invalid mac address format at '00-19-32-00-00-58', expecting "
                + "XX:XX:XX:XX:XX:XX notation!",
        "--kick -m 00:19:32:00:00:58 -h no.such.host.invalid | Could not resolve hostname!",
        "--netconf -m 00:19:32:00:00:58 -i 10.0.0           | Invalid ip address!",
        "--netconf -m 00:19:32:00:00:58 -n 255.255.255.256  | Invalid netmask address!",
        "--netconf -m 00:19:32:00:00:58 -g gw               | Invalid gateway address!",
        "--netconf -m 00:19:32:00:00:58 -e 4                | PHY configuration has invalid value!",
        "--netconf -m 00:19:32:00:00:58 -d 2                | DHCP status has invalid value!",
        "--netconf -m 00:19:32:00:00:58 -a yes              | HTTP_AUTH status has invalid value!",
        "--netconf -m 00:19:32:00:00:58 -p 0                | Port has invalid value!",
        "--show -h 127.0.0.1 -p 65536                       | Port has invalid value!",
        "--show -h 127.0.0.1 -u :secret                     | Invalid authentification data, expecting "
                + "<username>:<password> notation!",
        "--kick -m 00:19:32:00:00:58 -w -1                  | Wait time has invalid value!",
        "--kick -m 00:19:32:00:00:58 -t 0                   | Timeout has invalid value!",
        "--kick -m 00:19:32:00:00:58 -t 3s                  | Timeout has invalid value!",
    })
    void badValuesAreRefusedBeforeAnythingIsSent(String args, String message) {
        Cli.Result r = cli.run(args.split(" "));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(message + "\n");
    }

    @Test
    void valuesMayBeAttachedToTheirOptionAndFlagsGrouped() throws Exception {
        CommandLine c = CommandLine.parse(new String[] {"--ki", "-m" + MAC, "-cw5", "--conf=/tmp/x", "stray"});

        assertThat(c.mode()).isEqualTo(Mode.KICK);
        assertThat(c.value(ShortOption.MAC)).isEqualTo(MAC);
        assertThat(c.has(ShortOption.CONTINUOUS)).isTrue();
        assertThat(c.value(ShortOption.WAIT)).isEqualTo("5");
        assertThat(c.confFile()).isEqualTo("/tmp/x");
    }

    @Test
    void aValueMayStartWithADashAndDoubleDashEndsTheOptions() throws Exception {
        CommandLine c = CommandLine.parse(new String[] {"--flash", "-image.bin", "-h", "-c", "--", "-m", MAC});

        assertThat(c.modeArgument()).isEqualTo("-image.bin");
        assertThat(c.value(ShortOption.HOST)).isEqualTo("-c");
        assertThat(c.has(ShortOption.MAC)).isFalse();
    }

    @Test
    void theNetconfDefaultsAreTheReferenceTools() throws Exception {
        Invocation classB = invocation("--netconf", "-m", MAC, "-i", "172.16.0.9");
        Invocation classC = invocation("--netconf", "-m", MAC, "-i", "192.168.1.9", "-d", "0", "-a", "1", "-e", "2",
                "-p", "8080");
        Invocation given = invocation("--netconf", "-m", MAC, "-i", "10.1.2.3", "-n", "255.255.255.240", "-g",
                "10.1.2.1");

        assertThat(classB.netConf().toString()).isEqualTo("NetConf[address=172.16.0.9, netmask=255.255.0.0, "
                + "gateway=0.0.0.0, phyConf=3, options=1, httpPort=80]");
        assertThat(classC.netConf().toString()).isEqualTo("NetConf[address=192.168.1.9, netmask=255.255.255.0, "
                + "gateway=0.0.0.0, phyConf=2, options=2, httpPort=8080]");
        assertThat(given.netConf().toString()).isEqualTo("NetConf[address=10.1.2.3, netmask=255.255.255.240, "
                + "gateway=10.1.2.1, phyConf=3, options=1, httpPort=80]");
        assertThat(invocation("--netconf", "-m", MAC).netConf().netmask())
                .as("0.0.0.0 is class A").hasToString("255.0.0.0");
        assertThat(classB.host().getHostAddress()).as("no host: broadcast").isEqualTo("255.255.255.255");
        assertThat(classB.timeout()).hasSeconds(3);
    }

    @Test
    void hostNamesAreResolved() throws Exception {
        assertThat(invocation("--kick", "-m", MAC, "-h", "localhost").host().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void theLoopDefaultsToTwoSecondsBetweenRounds() throws Exception {
        assertThat(invocation("--kick", "-m", MAC, "-c").waitTime()).hasSeconds(2);
        assertThat(invocation("--kick", "-m", MAC, "-c", "-w", "0").waitTime()).isZero();
    }

    private static Invocation invocation(String... args) throws CliFailure {
        CommandLine c = CommandLine.parse(args);
        return Invocation.from(c, Bnfos.DEFAULT_CONF_FILE, Messages.to(System.err));
    }
}
