package io.fosfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fosfleet.protocol.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conf file: written by {@code --scan -x}, read by {@code -f fosN}, found through BNFOS_CONF or --conf. */
class ConfFileTest {

    private static final int DEVICES = 11;

    private static SimulatedRack rack;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDevices() {
        rack = SimulatedRack.start(DEVICES, Map.of(Key.PWD, "1", Key.APWD, "pw"));
    }

    @AfterAll
    static void stopDevices() {
        rack.close();
    }

    @Test
    void scanWritesTheConfFileThatKickReads() throws Exception {
        Path conf = dir.resolve("bnfos.conf");
        Cli cli = Cli.withConf(conf);

        Cli.Result scan = cli.run("--scan", "-x", "-h", rack.host(4), "-t", "1");

        assertThat(scan.status()).isZero();
        assertThat(scan.err()).isEqualTo("Writing results to: " + conf + "\n\n1 device found.\n\n");
        assertThat(Files.readString(conf)).isEqualTo("\n[fos1]\nmac = " + rack.mac(4) + "\nhost = " + rack.host(4)
                + "\n#login = <user>:<password>\n");
        assertThat(cli.run("--kick", "-f", "fos1"))
                .isEqualTo(new Cli.Result(0, "", "Loading config for: fos1\nWatchdog successfully kicked!\n"));
    }

    @Test
    void sectionsPastNineAreNumberedOnByABroadcastScan() throws Exception {
        Path conf = dir.resolve("bnfos.conf");

        Cli.Result scan = Cli.withConf(conf).run("--scan", "-x", "-t", "1");

        assumeFalse(scan.err().contains("Failed to send"), "this machine has no route for broadcasts: " + scan.err());
        assertThat(scan.status()).isZero();
        String text = Files.readString(conf);
        List<String> sections = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\[(fos\\d+)]$").matcher(text);
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertThat(sections.size()).as("every simulated device answers the broadcast").isGreaterThanOrEqualTo(DEVICES);
        for (int i = 0; i < sections.size(); i++) {
            assertThat(sections.get(i)).isEqualTo("fos" + (i + 1));
        }
        for (int i = 0; i < DEVICES; i++) {
            assertThat(text).contains("mac = " + rack.mac(i) + "\nhost = " + rack.host(i) + "\n");
        }
        assertThat(scan.err()).startsWith("Writing results to: " + conf + "\n\n")
                .endsWith(" devices found.\n\n");
    }

    @Test
    void theLoginOfTheSectionOpensAPasswordProtectedDevice() throws Exception {
        Path conf = Files.writeString(dir.resolve("bnfos.conf"), "\n[fos1]\nmac = " + rack.mac(0) + "\nhost = "
                + rack.host(0) + "\nlogin = admin:pw\n");

        assertThat(Cli.withConf(conf).run("--get", "pwd", "-f", "FOS1", "-p", "8080"))
                .isEqualTo(new Cli.Result(0, "", "Loading config for: FOS1\npwd = 1\n"));
    }

    @Test
    void theConfOptionWinsOverTheEnvironment() throws Exception {
        Path conf = Files.writeString(dir.resolve("other.conf"), "[rack7]\nmac = " + rack.mac(1) + "\nhost = "
                + rack.host(1) + "\n");

        Cli.Result r = Cli.withConf(dir.resolve("missing.conf"))
                .run("--ping", "-f", "rack7", "--conf", conf.toString());

        assertThat(r).isEqualTo(new Cli.Result(0, "", "Loading config for: rack7\nPing succeeded!\n"));
    }

    @Test
    void aMissingSectionOrFileIsReported() throws Exception {
        Path conf = Files.writeString(dir.resolve("bnfos.conf"), "[fos1]\nmac = " + rack.mac(1) + "\n[fos2]\n");
        Path missing = dir.resolve("missing.conf");

        assertThat(Cli.withConf(conf).run("--kick", "-f", "fos3")).isEqualTo(new Cli.Result(1, "",
                "Loading config for: fos3\nNo configuration for device fos3 found!\n"));
        assertThat(Cli.withConf(conf).run("--kick", "-f", "fos2")).as("an empty section").isEqualTo(
                new Cli.Result(1, "", "Loading config for: fos2\nNo configuration for device fos2 found!\n"));
        assertThat(Cli.withConf(missing).run("--kick", "-f", "fos1")).isEqualTo(new Cli.Result(1, "",
                "Loading config for: fos1\nCould not open " + missing + ": No such file or directory\n"));
    }

    @Test
    void aSectionMustGiveWhatTheModeNeeds() throws Exception {
        Path conf = Files.writeString(dir.resolve("bnfos.conf"), "[hostonly]\nhost = " + rack.host(1)
                + "\n[maconly]\nmac = " + rack.mac(1) + "\n");

        assertThat(Cli.withConf(conf).run("--kick", "-f", "hostonly")).isEqualTo(new Cli.Result(1, "",
                "Loading config for: hostonly\nNo mac address for device hostonly found!\n"));
        assertThat(Cli.withConf(conf).run("--show", "-f", "maconly")).isEqualTo(new Cli.Result(1, "",
                "Loading config for: maconly\nNo host for device maconly found!\n"));
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws Exception {
        Path conf = Files.writeString(dir.resolve("bnfos.conf"), "[fos1]\nmac = 00:19:32\n");

        Cli.Result r = Cli.withConf(conf).run("--kick", "-f", "fos1");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("Loading config for: fos1\nSyntax error in " + conf + " at line 2: ");
    }

    @Test
    void aConfFileThatCannotBeWrittenDoesNotStopTheScan() {
        Cli.Result r = Cli.withConf(dir).run("--scan", "-x", "-h", rack.host(2), "-t", "1");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("#1:\n mac: " + rack.mac(2) + "\n");
        assertThat(r.err()).isEqualTo("Failed to open " + dir + ": Is a directory\n\n1 device found.\n\n");
    }
}
