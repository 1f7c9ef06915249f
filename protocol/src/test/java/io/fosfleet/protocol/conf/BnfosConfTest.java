package io.fosfleet.protocol.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /etc/bnfos.conf as bnfos --scan -x writes it and bnfos -f fosN reads it (docs/protocol.md §4). */
class BnfosConfTest {

    static DeviceInfo scanned(String mac, String address) {
        return new DeviceInfo(MacAddress.parse(mac), 0x50, 1, 2, 1, 7, 0, Ipv4Address.parse(address),
                Ipv4Address.parse("255.255.255.0"), Ipv4Address.parse("10.0.0.1"), 3, 7, 0, 80);
    }

    static BnfosConfException error(String text) {
        try {
            BnfosConf.parse(text);
        } catch (BnfosConfException e) {
            return e;
        }
        throw new AssertionError("expected an error for:\n" + text);
    }

    @Test
    void aScanIsWrittenAsTheReferenceToolWritesIt() {
        BnfosConf conf = BnfosConf.fromScan(List.of(
                scanned("00:19:32:00:00:5a", "10.0.0.5"),
                scanned("00:19:32:00:00:5b", "0.0.0.0")));

        assertThat(conf.format()).isEqualTo("""

                [fos1]
                mac = 00:19:32:00:00:5A
                host = 10.0.0.5
                #login = <user>:<password>

                [fos2]
                mac = 00:19:32:00:00:5B
                ;host = 0.0.0.0
                #login = <user>:<password>
                """);
    }

    @Test
    void aScanThatFoundNothingWritesAnEmptyFile() {
        assertThat(BnfosConf.fromScan(List.of()).format()).isEmpty();
    }

    @Test
    void sectionsPastFos9AreNumberedFos10Fos11() {
        List<DeviceInfo> twelve = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            twelve.add(scanned(String.format("00:19:32:00:00:%02x", i), "10.0.0." + (i + 1)));
        }

        BnfosConf conf = BnfosConf.fromScan(twelve);

        assertThat(conf.devices()).extracting(BnfosConf.Device::name)
                .containsExactly("fos1", "fos2", "fos3", "fos4", "fos5", "fos6", "fos7", "fos8", "fos9", "fos10",
                        "fos11", "fos12");
        assertThat(conf.format()).contains("\n[fos10]\nmac = 00:19:32:00:00:09\nhost = 10.0.0.10\n");
    }

    @Test
    void aWrittenScanIsReadBackWithMacAndHostAndNoLogin(@TempDir Path dir) throws Exception {
        BnfosConf written = BnfosConf.fromScan(List.of(
                scanned("00:19:32:00:00:5a", "10.0.0.5"), scanned("00:19:32:00:00:5b", "0.0.0.0")));
        Path file = dir.resolve("bnfos.conf");
        written.write(file);

        BnfosConf read = BnfosConf.read(file);

        assertThat(read).isEqualTo(written);
        assertThat(read.device("fos2").orElseThrow().host()).as("commented out").isNull();
        assertThat(read.device("fos1").orElseThrow().login()).isNull();
    }

    @Test
    void anOperatorsEditedFileIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bnfos.conf");
        Files.writeString(file, """
                # written by bnfos --scan -x, then edited
                [FOS1]
                mac=00:19:32:00:00:5a
                host = fos1.rack7.example
                login = admin:pa:ss word

                ; spare unit
                [fos2]
                \tHOST\t=\t10.0.0.6\r
                """);

        BnfosConf conf = BnfosConf.read(file);

        BnfosConf.Device first = conf.device("fos1").orElseThrow();
        assertThat(first.name()).isEqualTo("FOS1");
        assertThat(first.mac()).isEqualTo(MacAddress.parse("00:19:32:00:00:5A"));
        assertThat(first.host()).isEqualTo("fos1.rack7.example");
        assertThat(first.login()).isEqualTo(new Credentials("admin", "pa:ss word"));
        assertThat(first.toString()).doesNotContain("pa:ss word");
        BnfosConf.Device second = conf.device("Fos2").orElseThrow();
        assertThat(second.mac()).isNull();
        assertThat(second.host()).isEqualTo("10.0.0.6");
        assertThat(conf.device("fos3")).isEmpty();
    }

    @Test
    void aBadMacNamesItsLine() {
        BnfosConfException e = error("\n[fos1]\nmac = 00:19:32:00:58\n");

        assertThat(e.lineNumber()).isEqualTo(3);
        assertThat(e).hasMessage("bnfos.conf line 3: bad MAC notation '00:19:32:00:58', expected XX:XX:XX:XX:XX:XX");
    }

    @Test
    void aBadHostNamesItsLine() {
        assertThat(error("[fos1]\nhost = 10.0.0.256\n")).hasMessage(
                "bnfos.conf line 2: bad host '10.0.0.256', expected an IPv4 address such as 10.0.0.5 or a host name");
        assertThat(error("[fos1]\nhost = fos 1\n").lineNumber()).isEqualTo(2);
        assertThat(error("[fos1]\nhost =\n").problem()).startsWith("bad host ''");
    }

    @Test
    void aLineThatIsNotKeyEqualsValueNamesItsLine() {
        assertThat(error("[fos1]\nmac 00:19:32:00:00:58\n")).hasMessage("bnfos.conf line 2: expected "
                + "'key = value' (mac, host or login) or a [section]");
        assertThat(error("[fos1\n").problem()).startsWith("a section header is '[name]'");
        assertThat(error("[]\n").lineNumber()).isEqualTo(1);
    }

    @Test
    void aMistypedLoginLineDoesNotRepeatThePassword() {
        BnfosConfException e = error("[fos1]\nlogin admin:s3cret\n");
        assertThat(e.lineNumber()).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContain("s3cret");
        assertThat(error("[fos1] login = admin:s3cret\n").getMessage()).doesNotContain("s3cret");
    }

    @Test
    void fortyThousandSectionsAreReadWithEveryName() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            text.append(String.format("[fos%d]%nmac = 00:19:32:%02X:%02X:%02X%nhost = 10.%d.%d.%d%n", i,
                    i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff, i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff));
        }
        BnfosConf conf = BnfosConf.parse(text.toString());
        assertThat(conf.devices()).hasSize(40_000);
        assertThat(conf.devices().get(39_999).name()).isEqualTo("fos39999");
        assertThat(error(text + "[FOS17]\n").problem()).isEqualTo("section [FOS17] appears a second time");
    }

    @Test
    void aKeyOutsideASectionNamesItsLine() {
        assertThat(error("# devices\nhost = 10.0.0.5\n[fos1]\n"))
                .hasMessage("bnfos.conf line 2: 'host' outside a section: put a [fosN] line before it");
    }

    @Test
    void unknownAndRepeatedKeysAndSectionsAreRefused() {
        assertThat(error("[fos1]\nport = 80\n").problem())
                .isEqualTo("unknown key 'port' in [fos1]; known keys are mac, host and login");
        assertThat(error("[fos1]\nhost = 10.0.0.5\nhost = 10.0.0.6\n").problem())
                .isEqualTo("host appears a second time in [fos1]");
        assertThat(error("[fos1]\n[FOS1]\n")).hasMessage("bnfos.conf line 2: section [FOS1] appears a second time");
    }

    @Test
    void aBadLoginIsRefusedWithoutRepeatingIt() {
        BnfosConfException e = error("[fos1]\nlogin = onlyapassword\n");

        assertThat(e).hasMessage("bnfos.conf line 2: login must be <user>:<password>")
                .hasMessageNotContaining("onlyapassword");
    }

    @Test
    void aDeviceWithALoginIsWrittenWithIt() throws Exception {
        BnfosConf conf = new BnfosConf(List.of(new BnfosConf.Device("fos1", null, "fos1.example",
                Credentials.admin("secret"))));

        assertThat(conf.format()).isEqualTo("\n[fos1]\nhost = fos1.example\nlogin = admin:secret\n");
    }

    @Test
    void sectionNamesAreUniqueWhateverTheirCase() {
        assertThatThrownBy(() -> new BnfosConf(List.of(new BnfosConf.Device("fos1", null, null, null),
                new BnfosConf.Device("FOS1", null, null, null)))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new BnfosConf.Device("fos]1", null, null, null))
                .isInstanceOf(InvalidValueException.class);
    }

    /** Each seed checks this many random files; a failure names the seed, the case and the text. */
    private static final int CASES = 250;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void whateverIsWrittenIsReadBack(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            BnfosConf conf = conf(random);
            String text = conf.format();

            assertThat(BnfosConf.parse(text)).as("seed %d, case %d: bnfos.conf%n%s", seed, i, text).isEqualTo(conf);
        }
    }

    /** Up to 15 sections fos1, fos2, … each with or without a MAC, a host and a login. */
    private static BnfosConf conf(Random random) {
        List<BnfosConf.Device> devices = new ArrayList<>();
        for (int n = random.nextInt(16); n > 0; n--) {
            MacAddress mac = random.nextInt(5) == 0 ? null : MacAddress.of(bytes(random, 6));
            String host = random.nextInt(5) == 0 ? null : host(random);
            Credentials login = random.nextBoolean() ? null : login(random);
            devices.add(new BnfosConf.Device("fos" + (devices.size() + 1), mac, host, login));
        }
        return new BnfosConf(devices);
    }

    /** Any IPv4 address (now and then 0.0.0.0 or 255.255.255.255), or 1 to 20 letters a-z followed by .example. */
    private static String host(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Ipv4Address.ANY.toString();
            case 1 -> Ipv4Address.BROADCAST.toString();
            case 2, 3, 4, 5 -> new Ipv4Address(random.nextInt()).toString();
            default -> text(random, 1 + random.nextInt(20), LETTERS.substring(0, 26)) + ".example";
        };
    }

    /** A user of 1 to 8 letters; a password of up to 16 printable ASCII characters, colons included, stripped. */
    private static Credentials login(Random random) {
        String user = text(random, 1 + random.nextInt(8), LETTERS);
        StringBuilder password = new StringBuilder();
        random.ints(random.nextInt(17), ' ', '~' + 1).forEach(c -> password.append((char) c));
        return new Credentials(user, password.toString().strip());
    }

    private static String text(Random random, int length, String alphabet) {
        StringBuilder text = new StringBuilder();
        random.ints(length, 0, alphabet.length()).forEach(c -> text.append(alphabet.charAt(c)));
        return text.toString();
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
