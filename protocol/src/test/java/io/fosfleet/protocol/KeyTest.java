package io.fosfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key table of docs/protocol.md §2: names, set requests and the input rules of the reference tool. */
class KeyTest {

    @ParameterizedTest(name = "{0}={1} → GET /?{2}")
    @CsvSource(delimiter = '|', textBlock = """
            scenario  | 1              | cmd=1&sz=1
            mode      | 0              | cmd=4&mode=0
            modedef   | 1              | cmd=1&rm=1
            power1    | 1              | cmd=5&p=0&s=1
            power1def | 0              | cmd=1&p0=0
            power2    | 0              | cmd=5&p=1&s=0
            power2def | 1              | cmd=1&p1=1
            hostname  | fos-rack7      | cmd=3&dn=fos-rack7
            address   | 10.0.0.5       | cmd=3&ip=10.0.0.5
            netmask   | 255.255.255.0  | cmd=3&nm=255.255.255.0
            gateway   | 10.0.0.1       | cmd=3&gw=10.0.0.1
            dns       | 10.0.0.2       | cmd=3&dns=10.0.0.2
            dhcp      | 1              | cmd=3&dhcp=1
            port      | 8080           | cmd=3&port=8080
            pwd       | 1              | cmd=3&pwd=1
            apwd      | s3cret&x=1     | cmd=3&apwd=s3cret%26x%3D1
            smtpserv  | mail.example   | cmd=2&mhost=mail.example
            smtpfrom  | fos@example    | cmd=2&mfrom=fos%40example
            smtpto    | noc@example    | cmd=2&mto=noc%40example
            smtptest  | ''             | cmd=7
            syslog    | 1              | cmd=3&syslog=1
            slgip     | 10.0.0.9       | cmd=3&slgip=10.0.0.9
            slgpt     | 514            | cmd=3&slgpt=514
            wdog      | 1              | cmd=6&wen=1
            wdogdef   | 0              | cmd=2&wen=0
            wdogstate | 0              | cmd=6&wstate=0
            wdogitime | 60             | cmd=2&wintv=60
            wdogaudio | 1              | cmd=2&as=1
            wdogmail  | 0              | cmd=2&men=0
            """)
    void everyWritableKeyHasTheSetRequestOfTheTable(String keyword, String value, String query) {
        Key key = Key.byKeyword(keyword).orElseThrow();

        assertThat(key.setQuery(key.normalize(value))).isEqualTo(query);
    }

    @Test
    void theTableHasThirtyKeysOfWhichTwentyEightAreInConfigTxt() {
        assertThat(Key.values()).hasSize(30);
        assertThat(Arrays.stream(Key.values()).filter(Key::readable)).hasSize(28);
        assertThat(Arrays.stream(Key.values()).filter(k -> !k.readable())).containsExactly(Key.APWD, Key.SMTPTEST);
    }

    @Test
    void everyKeyHasItsOwnHelpText() {
        for (Key key : Key.values()) {
            assertThat(key.help()).as(key.keyword()).isNotBlank().doesNotContain("\n");
        }
        assertThat(Arrays.stream(Key.values()).map(Key::help).distinct()).hasSize(Key.values().length);
        assertThat(Key.WDOGITIME.help()).isEqualTo("watchdog intervall time");  // the reference tool's spelling
    }

    @Test
    void keywordsAndConfigKeysFindTheirKey() {
        for (Key key : Key.values()) {
            assertThat(Key.byKeyword(key.keyword())).contains(key);
            if (key.readable()) {
                assertThat(Key.byConfigKey(key.configKey())).contains(key);
                assertThat(key.configKey()).startsWith(key.setCmd() + "_");
            }
        }
        assertThat(Key.byKeyword("power3")).isEmpty();
        assertThat(Key.byConfigKey("9_zz")).isEmpty();
    }

    @Test
    void onlyTheSecondsLeftCannotBeWritten() {
        assertThat(Arrays.stream(Key.values()).filter(k -> !k.writable())).containsExactly(Key.WDOGRTIME);
        assertThatThrownBy(() -> Key.WDOGRTIME.normalize("3")).isInstanceOf(InvalidValueException.class)
                .hasMessage("invalid wdogrtime '3': wdogrtime is read only");
        assertThatThrownBy(() -> Key.WDOGRTIME.setQuery("3")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void bnfosSetsWhatTheReferenceToolSets() {
        assertThat(Arrays.stream(Key.values()).filter(k -> !k.settableByBnfos()))
                .containsExactly(Key.SMTPSERV, Key.SMTPFROM, Key.SMTPTO, Key.SMTPTEST, Key.WDOGSTATE, Key.WDOGRTIME);
    }

    @Test
    void onlyTheAdminPasswordIsSecret() {
        assertThat(Arrays.stream(Key.values()).filter(Key::secret)).containsExactly(Key.APWD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "Y", "TRUE", "1", "yEs", "y", "true"})
    void booleansAcceptYesYTrueAnd1InAnyCase(String input) {
        assertThat(Key.POWER1.normalize(input)).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "N", "FALSE", "0", "nO", "n", "false"})
    void booleansAcceptNoNFalseAnd0InAnyCase(String input) {
        assertThat(Key.POWER1.normalize(input)).isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off", "2", "", " 1", "yes please"})
    void anythingElseIsNotABoolean(String input) {
        assertThatThrownBy(() -> Key.WDOG.normalize(input)).isInstanceOf(InvalidValueException.class)
                .hasMessage("invalid wdog '" + input + "': " + ValueType.BOOL.allowed());
    }

    @Test
    void portsFrom1To65535AreAccepted() {
        for (int port = 1; port <= 65535; port++) {
            String text = Integer.toString(port);
            assertThat(Key.PORT.normalize(text)).as("port %s", text).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "80a", "", "100000", "8 0"})
    void portsOutsideTheRangeOrNotNumbersAreRefused(String input) {
        assertThatThrownBy(() -> Key.SLGPT.normalize(input)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("a number from 1 to 65535");
    }

    @Test
    void aPortWithLeadingZerosIsWrittenPlain() {
        assertThat(Key.WDOGITIME.normalize("0060")).isEqualTo("60");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.256", "10.0.0.5.1", "fos1", "10.0.0.-1", "010.0.0.1", " 10.0.0.5",
            "10..0.5", ""})
    void addressesMustBeStrictDottedQuads(String input) {
        // The reference tool sends garbage for these; we refuse them.
        assertThatThrownBy(() -> Key.ADDRESS.normalize(input)).isInstanceOf(InvalidValueException.class)
                .hasMessage("invalid address '" + input + "': " + ValueType.IPV4.allowed());
    }

    @Test
    void theAdminPasswordHasAtMost15CharactersAndIsNeverEchoed() {
        assertThat(Key.APWD.normalize("fifteen-chars!!")).isEqualTo("fifteen-chars!!");
        assertThatThrownBy(() -> Key.APWD.normalize("sixteen-chars!!!"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("invalid apwd '(hidden)': at most 15 characters")
                .hasMessageNotContaining("sixteen");
    }

    @Test
    void hostNamesAreLettersDigitsDashesAndDots() {
        assertThat(Key.HOSTNAME.normalize("fos-1.rack7")).isEqualTo("fos-1.rack7");
        assertThatThrownBy(() -> Key.HOSTNAME.normalize("fos 1")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Key.HOSTNAME.normalize("-fos")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Key.HOSTNAME.normalize("f".repeat(64))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void watchdogStateIsOffOnOrFailure() {
        assertThat(Key.WDOGSTATE.normalize("2")).isEqualTo("2");
        assertThatThrownBy(() -> Key.WDOGSTATE.normalize("3")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("0 (off), 1 (on) or 2 (failure)");
    }

    @Test
    void mailTextsHaveNoLineBreaks() {
        assertThat(Key.SMTPTO.normalize("")).isEmpty();
        assertThatThrownBy(() -> Key.SMTPTO.normalize("noc@example\r\nBcc: x")).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @EnumSource(Key.class)
    void aNullValueIsRefusedWithTheFieldName(Key key) {
        if (key.writable() && key.type() != ValueType.ACTION) {
            assertThatThrownBy(() -> key.normalize(null)).isInstanceOf(InvalidValueException.class)
                    .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(key.keyword()));
        }
    }

    private static final int INPUTS = 250;

    /** Values some key accepts, in the spellings operators type, and near misses. */
    private static final List<String> PLAUSIBLE = List.of("1", "0", "yes", "No", "TRUE", "y", "2", "3", "80", "0080",
            "65535", "65536", "10.0.0.5", "255.255.255.255", "010.0.0.1", "fos-1.rack7", "-fos", "noc@example",
            "s3cret&x=1", "fifteen-chars!!", "a b", "100%", "#1", "x=1&y=2", "");

    /** Characters that matter to the input rules or to a query string (and both halves of a surrogate pair). */
    private static final String TRICKY = "0123456789.-:@#&=%+?/ yYnNtTeEsS\t\r\n\u0000\u007f\u00e9\u20ac\ud83d\ude00";

    /** For every writable key, {@value #INPUTS} inputs per seed; a failure names the seed, case, key and input. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void normalizingIsIdempotentForEveryAcceptedValue(long seed) {
        Random random = new Random(seed);
        List<Key> writable = Arrays.stream(Key.values()).filter(Key::writable).toList();
        Set<Key> acceptedSomething = EnumSet.noneOf(Key.class);
        for (int i = 0; i < INPUTS; i++) {
            String input = input(random);
            for (Key key : writable) {
                String normalized;
                try {
                    normalized = key.normalize(input);
                } catch (InvalidValueException refused) {
                    continue;
                }
                acceptedSomething.add(key);
                String testCase = "seed %d, case %d: %s '%s'".formatted(seed, i, key.keyword(), escaped(input));
                assertThat(key.normalize(normalized)).as(testCase).isEqualTo(normalized);
                // Whatever the value, the request stays one query string: escaped, nothing that ends or splits it.
                assertThat(key.setQuery(normalized)).as(testCase).doesNotContain(" ", "\n", "#");
            }
        }
        assertThat(acceptedSomething).as("keys that accepted at least one input with seed %d", seed)
                .containsExactlyInAnyOrderElementsOf(writable);
    }

    /** A known value, a known value with a tricky character appended, tricky characters, or any characters. */
    private static String input(Random random) {
        String plausible = PLAUSIBLE.get(random.nextInt(PLAUSIBLE.size()));
        StringBuilder input = new StringBuilder();
        int length = random.nextInt(21);
        switch (random.nextInt(4)) {
            case 0 -> input.append(plausible);
            case 1 -> input.append(plausible).append(TRICKY.charAt(random.nextInt(TRICKY.length())));
            case 2 -> random.ints(length, 0, TRICKY.length()).forEach(c -> input.append(TRICKY.charAt(c)));
            default -> random.ints(length, 0, Character.MAX_VALUE + 1).forEach(c -> input.append((char) c));
        }
        return input.toString();
    }

    /** The input with control and non-ASCII characters as Java escapes, so a failure message shows them. */
    private static String escaped(String input) {
        StringBuilder out = new StringBuilder();
        input.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return out.toString();
    }

    @Test
    void booleansReadFromConfigTxtAccept1AndChecked() {
        assertThat(ValueType.BOOL.fromConfigTxt("checked")).isEqualTo("1");
        assertThat(ValueType.BOOL.fromConfigTxt("1")).isEqualTo("1");
        assertThat(ValueType.BOOL.fromConfigTxt("")).isEqualTo("0");
        assertThat(ValueType.BOOL.fromConfigTxt("on")).isEqualTo("0");
        assertThat(ValueType.IPV4.fromConfigTxt("10.0.0.5")).isEqualTo("10.0.0.5");
    }

    @Test
    void liveStateIsTheRelayThePowerPortsAndTheWatchdogNotTheConfiguration() {
        assertThat(Arrays.stream(Key.values()).filter(Key::runtime))
                .containsExactly(Key.MODE, Key.POWER1, Key.POWER2, Key.WDOG, Key.WDOGSTATE, Key.WDOGRTIME);
        assertThat(Key.MODEDEF.runtime()).as("the relay mode at power-up is configuration").isFalse();
        assertThat(Key.WDOGITIME.runtime()).as("the watchdog interval is configuration").isFalse();
    }
}
