package io.fosfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MAC and IPv4 addresses, relay mode and scenario: parsed once, printed the way operators read them. */
class ValueTypesTest {

    @Test
    void aMacIsSixTwoDigitHexOctetsWithColons() {
        MacAddress mac = MacAddress.parse("00:19:32:AB:cd:58");

        assertThat(mac.toString()).isEqualTo("00:19:32:ab:cd:58");
        assertThat(mac.toUpperCaseString()).isEqualTo("00:19:32:AB:CD:58");
        assertThat(mac.octets()).containsExactly(0x00, 0x19, 0x32, 0xab, 0xcd, 0x58);
        assertThat(mac).isEqualTo(MacAddress.parse("00:19:32:ab:CD:58")).hasSameHashCodeAs(MacAddress.of(mac.octets()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-19-32-00-00-58", "0019.3200.0058", "001932000058", "0:19:32:00:00:58",
            "00:19:32:00:00:5g", "00:19:32:00:00", "00:19:32:00:00:58:01", " 00:19:32:00:00:58", ""})
    void anyOtherMacNotationIsRefusedWithTheExpectedOne(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessage("invalid mac '" + text + "': a MAC address is six two-digit hex octets separated by "
                        + "colons, e.g. 00:19:32:00:00:58");
    }

    @Test
    void aMacHasExactlySixOctets() {
        assertThatThrownBy(() -> MacAddress.of(new byte[5])).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("exactly 6 octets");
    }

    @Test
    void aMacsOctetsCannotBeChangedFromOutside() {
        byte[] octets = {0, 0x19, 0x32, 0, 0, 0x58};
        MacAddress mac = MacAddress.of(octets);
        octets[5] = 0;
        mac.octets()[5] = 0;
        assertThat(mac.toString()).isEqualTo("00:19:32:00:00:58");
    }

    /** Random cases per seed in the tests below; a failure names the seed, the case and its values. */
    private static final int CASES = 250;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyMacSurvivesPrintingAndParsing(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            MacAddress mac = MacAddress.of(octets(random));
            String testCase = "seed %d, case %d: %s".formatted(seed, i, mac);

            assertThat(MacAddress.parse(mac.toString())).as(testCase).isEqualTo(mac);
            assertThat(MacAddress.parse(mac.toUpperCaseString())).as(testCase).isEqualTo(mac);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void macsSortAsUnsignedOctets(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            byte[] a = octets(random);
            // Often b is a itself or a with one octet changed, so that later octets and equality decide too.
            byte[] b = switch (random.nextInt(3)) {
                case 0 -> a.clone();
                case 1 -> {
                    byte[] changed = a.clone();
                    changed[random.nextInt(6)] = (byte) random.nextInt(256);
                    yield changed;
                }
                default -> octets(random);
            };
            MacAddress first = MacAddress.of(a);
            MacAddress second = MacAddress.of(b);
            // Lower-case hex with colons sorts like the unsigned octets it spells.
            int byOctets = Integer.signum(first.compareTo(second));
            int byText = Integer.signum(first.toString().compareTo(second.toString()));

            assertThat(byOctets).as("seed %d, case %d: %s vs %s", seed, i, first, second).isEqualTo(byText);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyIpv4AddressSurvivesPrintingParsingAndOctets(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            // The first cases are the boundaries: 0.0.0.0, 255.255.255.255, 127.255.255.255, 128.0.0.0, 0.0.0.1.
            int[] boundaries = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1};
            Ipv4Address address = new Ipv4Address(i < boundaries.length ? boundaries[i] : random.nextInt());
            String testCase = "seed %d, case %d: %s (bits %08x)".formatted(seed, i, address, address.bits());

            assertThat(Ipv4Address.parse(address.toString())).as(testCase).isEqualTo(address);
            assertThat(Ipv4Address.of(address.octets())).as(testCase).isEqualTo(address);
            assertThat(Ipv4Address.of(address.toInetAddress())).as(testCase).isEqualTo(address);
        }
    }

    /** Six random octets, now and then all 00 or all ff. */
    private static byte[] octets(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> new byte[6];
            case 1 -> new byte[] {-1, -1, -1, -1, -1, -1};
            default -> {
                byte[] octets = new byte[6];
                random.nextBytes(octets);
                yield octets;
            }
        };
    }

    @Test
    void addressesAreWrittenAndOrderedAsOperatorsReadThem() {
        assertThat(Ipv4Address.parse("10.0.0.5").octets()).containsExactly(10, 0, 0, 5);
        assertThat(Ipv4Address.BROADCAST).hasToString("255.255.255.255");
        assertThat(Ipv4Address.ANY).hasToString("0.0.0.0");
        assertThat(Ipv4Address.parse("192.168.0.1")).isGreaterThan(Ipv4Address.parse("10.255.255.255"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "256.0.0.1", "1.2.3.4.5", "a.b.c.d", "1.2.3.", "+1.2.3.4", "01.2.3.4",
            "1.2.3.0004", "1.2.3.4 "})
    void onlyStrictDottedQuadsAreAddresses(String text) {
        assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("invalid address '" + text + "'");
    }

    @Test
    void anIpv6AddressIsNotAnIpv4Address() throws Exception {
        assertThatThrownBy(() -> Ipv4Address.of(InetAddress.getByName("::1")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("only IPv4");
    }

    @Test
    void withoutNetmaskTheAddressClassDecides() {
        assertThat(Ipv4Address.parse("10.1.2.3").classfulNetmask()).hasToString("255.0.0.0");
        assertThat(Ipv4Address.parse("172.16.1.2").classfulNetmask()).hasToString("255.255.0.0");
        assertThat(Ipv4Address.parse("192.168.1.2").classfulNetmask()).hasToString("255.255.255.0");
    }

    @Test
    void relayMode1ConnectsAToBInFallbackAndAlsoCToDInBypass() {
        assertThat(RelayMode.A_D.connections(Scenario.FALLBACK)).isEqualTo("A-D");
        assertThat(RelayMode.A_D.connections(Scenario.BYPASS)).isEqualTo("A-D");
        assertThat(RelayMode.A_B.connections(Scenario.FALLBACK)).isEqualTo("A-B");
        assertThat(RelayMode.A_B.connections(Scenario.BYPASS)).isEqualTo("A-B,C-D");
        assertThat(RelayMode.fromWire(true)).isEqualTo(RelayMode.A_B);
        assertThat(RelayMode.A_D.wireValue()).isZero();
        assertThat(Scenario.fromWire(true)).isEqualTo(Scenario.BYPASS);
        assertThat(Scenario.FALLBACK.deviceName()).isEqualTo("Fallback");
    }
}
