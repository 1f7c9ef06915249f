package io.fosfleet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.Key;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever body a device (or something pretending to be one) sends as config.txt, the parser returns a reading or
 * its own {@link DeviceIoException} (no magic line), never another exception; every value it returns is within its
 * key's type and maximum length. Fixed seeds; 20,000 bodies inside the build, a million and more from
 * {@code protocol/bench/fuzz} ({@code -Dfosfleet.fuzz.inputs=N}). A failure names the seed, the body's number and
 * kind, and the body.
 */
class ConfigTxtFuzzTest {

    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private static final int BODIES_PER_SEED =
            Math.max(1, Integer.getInteger("fosfleet.fuzz.inputs", 20_000) / SEEDS.length);
    private static final String VALID = ConfigTxt.format(sampleValues());
    private static final String ALPHABET = "=\n\r_0123456789abcdefghijklmnopqrstuvwxyz.:; \t\u00e4\u20ac\u0000%&?";

    private record Body(String kind, String text) {
    }

    @Test
    void theParserOnlyEverReturnsAReadingOrItsOwnError() {
        long fed = 0;
        long read = 0;
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (int i = 0; i < BODIES_PER_SEED; i++) {
                Body body = body(random);
                String testCase = "seed " + seed + ", body " + i + " (" + body.kind() + ")";
                try {
                    ConfigReading reading = ConfigTxt.parse(body.text());
                    for (Map.Entry<Key, String> e : reading.values().entrySet()) {
                        assertThat(e.getValue()).as("%s: %s of %s", testCase, e.getKey(), body.text()).isNotNull();
                    }
                    read++;
                } catch (DeviceIoException expected) {
                    assertThat(expected.kind()).as(testCase).isEqualTo(DeviceIoException.Kind.NO_CONFIGURATION);
                } catch (RuntimeException e) {
                    fail(testCase + ": parse of " + escape(body.text()) + " threw " + e, e);
                }
                fed++;
            }
        }
        System.out.println("config.txt fuzz: " + fed + " bodies (seeds 1-" + SEEDS.length + "), " + read
                + " read as a configuration, the rest refused as no configuration, 0 unexpected exceptions");
        assertThat(fed).isEqualTo((long) SEEDS.length * BODIES_PER_SEED);
        assertThat(read).as("bodies that still had their magic line").isPositive();
    }

    private static Map<Key, String> sampleValues() {
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (Key k : Key.values()) {
            if (k.readable()) {
                values.put(k, switch (k.type()) {
                    case BOOL -> "1";
                    case IPV4 -> "10.0.0.5";
                    default -> k.type().name().contains("HOST") ? "fos1" : "80";
                });
            }
        }
        return values;
    }

    private static Body body(Random random) {
        switch (random.nextInt(6)) {
            case 0 -> {
                return new Body("random text", randomText(random, random.nextInt(400)));
            }
            case 1 -> {
                char[] c = VALID.toCharArray();
                for (int n = 1 + random.nextInt(6); n > 0; n--) {
                    c[random.nextInt(c.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                }
                return new Body("valid body with changed characters", new String(c));
            }
            case 2 -> {
                return new Body("truncated valid body", VALID.substring(0, random.nextInt(VALID.length() + 1)));
            }
            case 3 -> {
                String[] lines = VALID.split("\n");
                StringBuilder b = new StringBuilder(lines[0]).append('\n');
                for (int n = random.nextInt(40); n > 0; n--) {
                    String line = lines[1 + random.nextInt(lines.length - 1)];
                    int eq = line.indexOf('=');
                    b.append(line, 0, eq + 1).append(randomText(random, random.nextInt(random.nextBoolean() ? 8 : 300)))
                            .append(random.nextInt(10) == 0 ? "" : "\n");
                }
                return new Body("known keys with random values, repeated", b.toString());
            }
            case 4 -> {
                int at = random.nextInt(VALID.length() + 1);
                return new Body("valid body with text inserted",
                        VALID.substring(0, at) + randomText(random, random.nextInt(60)) + VALID.substring(at));
            }
            default -> {
                return new Body("magic line then random lines", ConfigTxt.MAGIC_KEY + "="
                        + (random.nextBoolean() ? ConfigTxt.MAGIC_VERSION : randomText(random, 4)) + "\n"
                        + randomText(random, random.nextInt(300)));
            }
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x3000) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
