package io.fosfleet.protocol.gbl4;

import static io.fosfleet.protocol.gbl4.Gbl4Generators.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives on the socket, the decoder returns a frame or its own {@link Gbl4DecodeException} — never an
 * index, null-pointer or argument exception. 10 fixed seeds × 12,000 datagrams, each fed to both decoders; a failure
 * names the seed, the datagram's number and kind, and its bytes in hex. {@code protocol/bench/fuzz} runs the same
 * generator over a million and more ({@code -Dfosfleet.fuzz.inputs=N} in total, spread over the seeds).
 */
class Gbl4FramesFuzzTest {

    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private static final int DATAGRAMS_PER_SEED =
            Math.max(1, Integer.getInteger("fosfleet.fuzz.inputs", 120_000) / SEEDS.length);

    /** Valid frames of every command and direction, the material the mutations start from. */
    private static final List<byte[]> VALID_FRAMES = validFrames(new Random(0), 400);

    /** A datagram to feed and how it was made, for the failure message. */
    private record Datagram(String kind, byte[] bytes) {
    }

    @Test
    void decodersOnlyEverReturnAFrameOrTheirOwnError() {
        long fed = 0;
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (int i = 0; i < DATAGRAMS_PER_SEED; i++) {
                Datagram datagram = datagram(random);
                String testCase = "seed " + seed + ", datagram " + i + " (" + datagram.kind() + ")";
                feed(testCase, datagram.bytes(), true);
                feed(testCase, datagram.bytes(), false);
                fed++;
            }
        }
        System.out.println("GBL4 fuzz: " + fed + " datagrams (seeds 1-" + SEEDS.length + "), each fed to both decoders,"
                + " 0 unexpected exceptions");
        assertThat(fed).as("datagrams fed to both decoders").isEqualTo((long) SEEDS.length * DATAGRAMS_PER_SEED);
    }

    private static void feed(String testCase, byte[] datagram, boolean asRequest) {
        String decoder = asRequest ? "decodeRequest" : "decodeReply";
        Object decoded;
        try {
            decoded = asRequest ? Gbl4Frames.decodeRequest(datagram) : Gbl4Frames.decodeReply(datagram);
        } catch (Gbl4DecodeException expected) {
            assertThat(expected.getMessage()).as(() -> testCase + ": " + decoder + " of " + hex(datagram)).isNotBlank();
            return;
        } catch (RuntimeException e) {
            fail(testCase + ": " + decoder + " of " + hex(datagram) + " threw " + e, e);
            return;
        }
        assertThat(decoded).as("%s: %s of %s", testCase, decoder, hex(datagram)).isNotNull();
        // Anything accepted is exactly what the encoder writes for it: no byte is ignored or guessed; a short PING or
        // SET_NETCONF reply (docs/protocol.md §1) is what the encoder writes with the missing fields zero, up to its end.
        byte[] again = asRequest ? Gbl4Frames.encode((Gbl4Request) decoded) : Gbl4Frames.encode((Gbl4Reply) decoded);
        if (!asRequest && again.length > datagram.length) {
            int end = datagram.length - 1;
            assertThat(Arrays.copyOf(again, end)).as("%s: short reply %s", testCase, hex(datagram))
                    .isEqualTo(Arrays.copyOf(datagram, end));
            assertThat(Arrays.copyOfRange(again, end, again.length - 1)).as("%s: missing fields", testCase)
                    .containsOnly(0);
            return;
        }
        assertThat(again).as("%s: re-encoding of %s, decoded by %s as %s", testCase, hex(datagram), decoder, decoded)
                .isEqualTo(datagram);
    }

    private static List<byte[]> validFrames(Random random, int count) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(Gbl4Generators.validDatagram(random));
        }
        return frames;
    }

    private static Datagram datagram(Random random) {
        byte[] valid = VALID_FRAMES.get(random.nextInt(VALID_FRAMES.size()));
        switch (random.nextInt(8)) {
            case 0 -> {
                return new Datagram("random bytes", Gbl4Generators.bytes(random, random.nextInt(600)));
            }
            case 1 -> {
                byte[] flipped = valid.clone();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return new Datagram("valid frame with flipped bits", flipped);
            }
            case 2 -> {
                return new Datagram("truncated valid frame", Arrays.copyOf(valid, random.nextInt(valid.length)));
            }
            case 3 -> {
                byte[] longer = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(40));
                for (int i = valid.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return new Datagram("valid frame with bytes appended", longer);
            }
            case 4 -> {
                // Past prefix and checksum with any command and size: reaches the size and payload checks.
                byte[] frame = Gbl4Generators.bytes(random, Gbl4Frames.OVERHEAD + random.nextInt(540));
                System.arraycopy(Gbl4Frames.PREFIX, 0, frame, 0, 4);
                frame[4] = (byte) random.nextInt(16);
                frame[frame.length - 1] = (byte) Gbl4Frames.checksum(frame, frame.length - 1);
                return new Datagram("any command and size with a valid checksum", frame);
            }
            case 5 -> {
                // A valid frame with another payload and a fixed-up checksum: every such payload must decode.
                byte[] repaid = valid.clone();
                for (int i = 5; i < repaid.length - 1; i++) {
                    repaid[i] = (byte) random.nextInt(256);
                }
                repaid[repaid.length - 1] = (byte) Gbl4Frames.checksum(repaid, repaid.length - 1);
                return new Datagram("valid frame with a random payload and its checksum", repaid);
            }
            case 6 -> {
                byte[] tiny = Gbl4Generators.bytes(random, random.nextInt(Gbl4Frames.OVERHEAD + 1));
                if (tiny.length >= 4 && random.nextBoolean()) {
                    System.arraycopy(Gbl4Frames.PREFIX, 0, tiny, 0, 4);
                }
                return new Datagram("shorter than any frame", tiny);
            }
            default -> {
                byte[] wrongPrefix = valid.clone();
                wrongPrefix[random.nextInt(4)] = (byte) random.nextInt(256);
                return new Datagram("valid frame with a changed prefix byte", wrongPrefix);
            }
        }
    }
}
