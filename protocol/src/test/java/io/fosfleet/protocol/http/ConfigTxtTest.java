package io.fosfleet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading and writing a device's /config.txt (docs/protocol.md §2). */
class ConfigTxtTest {

    @Test
    void everyKnownLineBecomesTheValueOfItsKey() throws Exception {
        ConfigReading reading = ConfigTxt.parse("""
                bnfos_confmap_magic=0.1
                1_sz=0
                4_mode=1
                1_rm=0
                3_ip=10.0.0.5
                3_port=80
                2_mfrom=fos=rack7@example
                6_wstate=2
                0_wretv=0
                """);

        assertThat(reading.magicVersion()).isEqualTo("0.1");
        assertThat(reading.warnings()).isEmpty();
        assertThat(reading.scenario()).isEqualTo(Scenario.FALLBACK);
        assertThat(reading.relayMode()).isEqualTo(RelayMode.A_B);
        assertThat(reading.get(Key.ADDRESS)).contains("10.0.0.5");
        assertThat(reading.intValue(Key.PORT)).isEqualTo(80);
        assertThat(reading.get(Key.SMTPFROM)).as("only the first '=' separates").contains("fos=rack7@example");
        assertThat(reading.watchdogState()).isEqualTo(2);
        assertThat(reading.watchdogSecondsLeft()).isZero();
        assertThat(reading.get(Key.HOSTNAME)).as("not reported").isEmpty();
        assertThat(reading.intValue(Key.WDOGITIME)).isEqualTo(-1);
    }

    @Test
    void booleansAreTrueFor1OrCheckedAndFalseForAnythingElse() throws Exception {
        ConfigReading reading = ConfigTxt.parse("bnfos_confmap_magic=0.1\n5_p0=checked\n5_p1=\n3_dhcp=1\n"
                + "3_pwd=yes\n");

        assertThat(reading.isOn(Key.POWER1)).isTrue();
        assertThat(reading.isOn(Key.POWER2)).isFalse();
        assertThat(reading.get(Key.POWER2)).contains("0");
        assertThat(reading.isOn(Key.DHCP)).isTrue();
        assertThat(reading.isOn(Key.PWD)).isFalse();
    }

    @Test
    void withoutTheMagicLineThereIsNoConfiguration() {
        assertThatThrownBy(() -> ConfigTxt.parse("1_sz=1\n4_mode=1\n"))
                .isInstanceOfSatisfying(DeviceIoException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeviceIoException.Kind.NO_CONFIGURATION))
                .hasMessageStartingWith("No valid configuration information found");
        assertThatThrownBy(() -> ConfigTxt.parse("")).isInstanceOf(DeviceIoException.class);
    }

    @Test
    void linesBeforeTheMagicLineAndUnknownKeysAreIgnored() throws Exception {
        ConfigReading reading = ConfigTxt.parse("1_sz=1\nbnfos_confmap_magic=0.1\n9_new=7\ngarbage\n4_mode=1\n");

        assertThat(reading.values()).containsOnlyKeys(Key.MODE);
    }

    @Test
    void anotherMagicVersionIsReadWithAWarning() throws Exception {
        ConfigReading reading = ConfigTxt.parse("bnfos_confmap_magic=0.2\n1_sz=1\n");

        assertThat(reading.magicVersion()).isEqualTo("0.2");
        assertThat(reading.scenario()).isEqualTo(Scenario.BYPASS);
        assertThat(reading.warnings()).containsExactly(
                "config.txt magic version is 0.2, expected 0.1: values may be read incorrectly");
    }

    @Test
    void aLastLineWithoutNewlineIsReadWithAWarning() throws Exception {
        ConfigReading reading = ConfigTxt.parse("bnfos_confmap_magic=0.1\n1_sz=0\n0_wretv=17");

        assertThat(reading.watchdogSecondsLeft()).isEqualTo(17);
        assertThat(reading.warnings()).containsExactly(
                "last line of config.txt does not end with a newline: '0_wretv=17'");
    }

    @Test
    void onlyTheMagicLineIsAnEmptyConfiguration() throws Exception {
        ConfigReading reading = ConfigTxt.parse("bnfos_confmap_magic=0.1\n");

        assertThat(reading.values()).isEmpty();
        assertThat(reading.watchdogState()).isEqualTo(-1);
    }

    @Test
    void formatWritesTheMagicLineThenReadableKeysInTableOrderEachEndingInNewline() {
        Map<Key, String> values = new EnumMap<>(Key.class);
        values.put(Key.WDOGRTIME, "30");
        values.put(Key.SCENARIO, "1");
        values.put(Key.APWD, "never-shown");

        assertThat(ConfigTxt.format(values)).isEqualTo("bnfos_confmap_magic=0.1\n1_sz=1\n0_wretv=30\n");
    }

    /** Each seed checks this many random configurations; a failure names the seed, the case and the text. */
    private static final int CASES = 250;

    private static final String VALUE_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-@ ";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void whatIsFormattedIsReadBack(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Map<Key, String> values = readableValues(random);
            String text = ConfigTxt.format(values);
            String testCase = "seed %d, case %d: config.txt%n%s".formatted(seed, i, text);

            ConfigReading reading = ConfigTxt.parse(text);

            assertThat(reading.values()).as(testCase).isEqualTo(values);
            assertThat(reading.warnings()).as(testCase).isEmpty();
        }
    }

    /**
     * Some of the readable keys (none, a few or all), each with a value as a device reports it: up to 20 letters,
     * digits and {@code .-@ } but no more than the key's type holds, sometimes 1 or checked, which a boolean reads as
     * 1, and anything else as 0.
     */
    private static Map<Key, String> readableValues(Random random) {
        double share = random.nextDouble();
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (Key key : Key.values()) {
            if (key.readable() && random.nextDouble() < share) {
                String value = value(random);
                values.put(key, key.type().fromConfigTxt(key.type() == ValueType.BOOL ? value
                        : value.substring(0, Math.min(value.length(), key.type().maxLength()))));
            }
        }
        return values;
    }

    private static String value(Random random) {
        if (random.nextInt(8) == 0) {
            String[] asDevicesWriteThem = {"", "0", "1", "checked"};
            return asDevicesWriteThem[random.nextInt(asDevicesWriteThem.length)];
        }
        StringBuilder value = new StringBuilder();
        random.ints(random.nextInt(21), 0, VALUE_CHARS.length()).forEach(c -> value.append(VALUE_CHARS.charAt(c)));
        return value.toString();
    }
}
