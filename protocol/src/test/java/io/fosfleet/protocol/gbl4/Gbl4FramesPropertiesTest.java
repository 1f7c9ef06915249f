package io.fosfleet.protocol.gbl4;

import static io.fosfleet.protocol.gbl4.Gbl4Generators.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fosfleet.protocol.gbl4.Gbl4DecodeException.Reason;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a request or reply holds, decoding its encoding gives it back; a damaged frame is refused. Each test checks
 * {@value #CASES} random frames (or damages {@value #FRAMES_TO_DAMAGE} at every bit) for each of four fixed seeds; a
 * failure names the seed, the case and the frame in hex.
 */
class Gbl4FramesPropertiesTest {

    private static final int CASES = 250;
    /** Fewer frames when each is damaged at every one of its bits in turn. */
    private static final int FRAMES_TO_DAMAGE = 50;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyRequestSurvivesEncodeAndDecode(long seed) throws Exception {
        Random random = new Random(seed);
        Set<Gbl4Command> seen = EnumSet.noneOf(Gbl4Command.class);
        for (int i = 0; i < CASES; i++) {
            Gbl4Request request = Gbl4Generators.request(random);
            byte[] wire = Gbl4Frames.encode(request);
            String testCase = "seed %d, case %d: %s as %s".formatted(seed, i, request, hex(wire));

            assertThat(wire).as(testCase).hasSize(Gbl4Frames.OVERHEAD + request.command().requestPayloadSize());
            assertThat(Gbl4Frames.decodeRequest(wire)).as(testCase).isEqualTo(request);
            seen.add(request.command());
        }
        assertThat(seen).as("requests checked with seed %d", seed).containsExactlyInAnyOrder(Gbl4Command.values());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyReplySurvivesEncodeAndDecode(long seed) throws Exception {
        Random random = new Random(seed);
        Set<Gbl4Command> seen = EnumSet.noneOf(Gbl4Command.class);
        for (int i = 0; i < CASES; i++) {
            Gbl4Reply reply = Gbl4Generators.reply(random);
            byte[] wire = Gbl4Frames.encode(reply);
            String testCase = "seed %d, case %d: %s as %s".formatted(seed, i, reply, hex(wire));

            assertThat(wire).as(testCase).hasSize(Gbl4Frames.OVERHEAD + reply.command().replyPayloadSize());
            assertThat(Gbl4Frames.decodeReply(wire)).as(testCase).isEqualTo(reply);
            seen.add(reply.command());
        }
        assertThat(seen).as("replies checked with seed %d", seed).containsExactlyInAnyOrder(Gbl4Command.values());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void aFrameIsDecodedFromTheStartOfALargerReceiveBuffer(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Gbl4Reply reply = Gbl4Generators.reply(random);
            byte[] wire = Gbl4Frames.encode(reply);
            // Whatever an earlier, longer datagram left behind the frame in the buffer.
            byte[] buffer = Gbl4Generators.bytes(random, wire.length + random.nextInt(65));
            System.arraycopy(wire, 0, buffer, 0, wire.length);

            assertThat(Gbl4Frames.decodeReply(buffer, wire.length))
                    .as("seed %d, case %d: %s in buffer %s", seed, i, reply, hex(buffer)).isEqualTo(reply);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void everyFrameEndsWithTheXorOfAllItsOtherBytes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            byte[] wire = Gbl4Generators.validDatagram(random);
            int xor = 0;
            for (byte b : wire) {
                xor ^= b;
            }
            assertThat(xor).as("seed %d, case %d: XOR over the whole frame %s including its checksum", seed, i,
                    hex(wire)).isZero();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void anyFlippedBitIsRefused(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < FRAMES_TO_DAMAGE; i++) {
            Gbl4Reply reply = Gbl4Generators.reply(random);
            byte[] wire = Gbl4Frames.encode(reply);
            // An XOR checksum detects every single-bit error, wherever it is: try each bit of the frame.
            for (int bit = 0; bit < wire.length * 8; bit++) {
                byte[] damaged = wire.clone();
                damaged[bit / 8] ^= (byte) (1 << (bit % 8));

                assertThat(catchThrowable(() -> Gbl4Frames.decodeReply(damaged)))
                        .as("seed %d, case %d: %s with bit %d flipped, %s", seed, i, reply, bit, hex(damaged))
                        .isInstanceOf(Gbl4DecodeException.class);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void aRequestIsNotAReplyWhenTheSizesDiffer(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            Gbl4Request request = Gbl4Generators.request(random);
            if (request.command().requestPayloadSize() == request.command().replyPayloadSize()) {
                continue;
            }
            byte[] wire = Gbl4Frames.encode(request);
            String testCase = "seed %d, case %d: %s as %s".formatted(seed, i, request, hex(wire));

            assertThat(catchThrowable(() -> Gbl4Frames.decodeReply(wire))).as(testCase)
                    .isInstanceOfSatisfying(Gbl4DecodeException.class,
                            e -> assertThat(e.reason()).as(testCase).isEqualTo(Reason.BAD_PAYLOAD_SIZE));
        }
    }
}
