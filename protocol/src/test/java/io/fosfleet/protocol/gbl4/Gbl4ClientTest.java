package io.fosfleet.protocol.gbl4;

import static io.fosfleet.protocol.gbl4.UdpResponder.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.DeviceIoException.Kind;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The GBL4 client against devices played by a UDP responder on 127.0.0.1. */
class Gbl4ClientTest {

    static final MacAddress MAC = MacAddress.parse("00:19:32:00:00:58");
    static final MacAddress OTHER_MAC = MacAddress.parse("00:19:32:00:00:59");
    /** Long enough for a loaded build machine; only reached by tests that expect a reply. */
    static final Duration PATIENT = Duration.ofSeconds(10);
    /** Short, for tests that expect no reply. */
    static final Duration SHORT = Duration.ofMillis(300);

    Gbl4Client client;
    final List<UdpResponder> responders = new ArrayList<>();

    @BeforeEach
    void openClient() throws Exception {
        client = Gbl4Client.open();
    }

    @AfterEach
    void closeAll() {
        client.close();
        responders.forEach(UdpResponder::close);
    }

    UdpResponder responder(java.util.function.Function<Gbl4Request, List<byte[]>> behaviour) throws Exception {
        UdpResponder r = UdpResponder.start(behaviour);
        responders.add(r);
        return r;
    }

    UdpResponder device(DeviceInfo identity) throws Exception {
        UdpResponder r = UdpResponder.device(identity);
        responders.add(r);
        return r;
    }

    static Gbl4Client.Options options(UdpResponder r, Duration timeout) {
        return Gbl4Client.Options.defaults().withPort(r.port()).withTimeout(timeout);
    }

    static DeviceInfo identity(MacAddress mac, int hwmagic, int devmode) {
        return new DeviceInfo(mac, hwmagic, 1, 2, 1, 7, devmode, Ipv4Address.parse("10.0.0.5"),
                Ipv4Address.parse("255.255.255.0"), Ipv4Address.parse("10.0.0.1"), 3, 7, 0, 80);
    }

    static byte[] reply(Gbl4Reply reply) {
        return Gbl4Frames.encode(reply);
    }

    static byte[] withBadChecksum(Gbl4Reply reply) {
        byte[] wire = Gbl4Frames.encode(reply);
        wire[wire.length - 1] ^= 0x01;
        return wire;
    }

    static DeviceIoException deviceFailure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(future::join);
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(DeviceIoException.class);
        return (DeviceIoException) thrown.getCause();
    }

    @Nested
    class Options {

        @Test
        void defaultsAreThoseOfTheReferenceTool() {
            Gbl4Client.Options defaults = Gbl4Client.Options.defaults();
            assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(defaults.retries()).isZero();
            assertThat(defaults.port()).isEqualTo(50123).isEqualTo(Gbl4Client.PORT);
        }

        @Test
        void withersChangeOneField() {
            Gbl4Client.Options o = Gbl4Client.Options.defaults().withTimeout(Duration.ofSeconds(8)).withRetries(2)
                    .withPort(15000);
            assertThat(o).isEqualTo(new Gbl4Client.Options(Duration.ofSeconds(8), 2, 15000));
        }

        @Test
        void nonsenseIsRefused() {
            Gbl4Client.Options d = Gbl4Client.Options.defaults();
            assertThatThrownBy(() -> d.withTimeout(Duration.ZERO)).hasMessageContaining("timeout must be positive");
            assertThatThrownBy(() -> d.withRetries(-1)).hasMessageContaining("retries must be 0 or more");
            assertThatThrownBy(() -> d.withPort(0)).hasMessageContaining("port must be 1..65535");
            assertThatThrownBy(() -> d.withPort(65536)).hasMessageContaining("port must be 1..65535");
        }
    }

    @Nested
    class KickAndPing {

        @Test
        void aKickedDeviceEchoesTheMagicPacket() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, 0));

            Gbl4Reply.KickAck ack = client.kick(LOOPBACK, MAC, options(device, PATIENT)).join();

            assertThat(ack).isEqualTo(new Gbl4Reply.KickAck(MAC, 0));
            assertThat(device.received()).containsExactly(new Gbl4Request.Kick(MAC, 0));
        }

        @Test
        void aPingedDeviceAnswersPong() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, 0));

            assertThat(client.ping(LOOPBACK, MAC, options(device, PATIENT)).join())
                    .isEqualTo(new Gbl4Reply.Pong(MAC, 0));
            assertThat(device.received()).containsExactly(new Gbl4Request.Ping(MAC, 0));
        }

        @Test
        void aSilentDeviceTimesOutNamingMacHostAndTimeout() throws Exception {
            UdpResponder silent = responder(request -> List.of());

            DeviceIoException e = deviceFailure(client.kick(LOOPBACK, MAC, options(silent, SHORT)));

            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e).hasMessage("no reply from 00:19:32:00:00:58 at 127.0.0.1 within 300 ms");
        }

        @Test
        void aPortWhereNothingListensTimesOutAndTheClientKeepsWorking() throws Exception {
            int closedPort;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                closedPort = probe.getLocalPort();
            }
            Gbl4Client.Options nowhere = Gbl4Client.Options.defaults().withPort(closedPort).withTimeout(SHORT);

            // Twice: the second send meets the ICMP port-unreachable of the first.
            assertThat(deviceFailure(client.ping(LOOPBACK, MAC, nowhere)).kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(deviceFailure(client.ping(LOOPBACK, MAC, nowhere)).kind()).isEqualTo(Kind.TIMEOUT);

            UdpResponder device = device(identity(MAC, 0x50, 0));
            assertThat(client.kick(LOOPBACK, MAC, options(device, PATIENT)).join().mac()).isEqualTo(MAC);
        }

        @Test
        void aReplyWithAWrongChecksumIsIgnored() throws Exception {
            UdpResponder corrupting = responder(request -> List.of(withBadChecksum(new Gbl4Reply.KickAck(MAC, 0))));

            assertThat(deviceFailure(client.kick(LOOPBACK, MAC, options(corrupting, SHORT))).kind())
                    .isEqualTo(Kind.TIMEOUT);
        }

        @Test
        void theGoodReplyAfterADamagedOneIsAccepted() throws Exception {
            UdpResponder device = responder(request -> List.of(
                    withBadChecksum(new Gbl4Reply.KickAck(MAC, 0)),
                    new byte[] {'G', 'B', 'L'},
                    reply(new Gbl4Reply.KickAck(MAC, 0))));

            assertThat(client.kick(LOOPBACK, MAC, options(device, PATIENT)).join())
                    .isEqualTo(new Gbl4Reply.KickAck(MAC, 0));
        }

        @Test
        void aReplyFromAnotherMacIsIgnored() throws Exception {
            UdpResponder impostor = responder(request -> List.of(reply(new Gbl4Reply.KickAck(OTHER_MAC, 0))));

            assertThat(deviceFailure(client.kick(LOOPBACK, MAC, options(impostor, SHORT))).kind())
                    .isEqualTo(Kind.TIMEOUT);
        }

        @Test
        void aReplyWithAnotherCommandIsIgnored() throws Exception {
            UdpResponder confused = responder(request -> List.of(reply(new Gbl4Reply.Pong(MAC, 0))));

            assertThat(deviceFailure(client.kick(LOOPBACK, MAC, options(confused, SHORT))).kind())
                    .isEqualTo(Kind.TIMEOUT);
        }

        @Test
        void theRightDeviceIsHeardThroughOthersAnswering() throws Exception {
            UdpResponder crowded = responder(request -> List.of(
                    reply(new Gbl4Reply.KickAck(OTHER_MAC, 0)),
                    reply(new Gbl4Reply.Pong(MAC, 0)),
                    reply(new Gbl4Reply.KickAck(MAC, 0))));

            assertThat(client.kick(LOOPBACK, MAC, options(crowded, PATIENT)).join().mac()).isEqualTo(MAC);
        }

        @Test
        void retriesResendAfterEachTimeoutUntilTheDeviceAnswers() throws Exception {
            AtomicInteger seen = new AtomicInteger();
            UdpResponder lossy = responder(request -> seen.incrementAndGet() < 3 ? List.of()
                    : List.of(reply(new Gbl4Reply.Pong(MAC, 0))));

            Gbl4Reply.Pong pong = client.ping(LOOPBACK, MAC, options(lossy, SHORT).withRetries(2)).join();

            assertThat(pong.mac()).isEqualTo(MAC);
            assertThat(lossy.received()).hasSize(3).containsOnly(new Gbl4Request.Ping(MAC, 0));
        }

        @Test
        void retriesRunOutIntoATimeout() throws Exception {
            UdpResponder silent = responder(request -> List.of());

            assertThat(deviceFailure(client.kick(LOOPBACK, MAC, options(silent, SHORT).withRetries(1))).kind())
                    .isEqualTo(Kind.TIMEOUT);
            assertThat(silent.received()).hasSize(2);
        }

        @Test
        void twoThousandConcurrentKicksToAsManyDevicesAreEachMatchedToTheirOwnReply() throws Exception {
            int fleet = 2_000;
            List<Gbl4Request> held = new ArrayList<>();
            Random random = new Random(42);
            // Answers nothing until every device was kicked, then all of them at once in random order.
            UdpResponder allAtOnce = responder(request -> {
                if (held.size() >= fleet) {
                    return List.of(reply(UdpResponder.answer(request, null)));
                }
                held.add(request);
                if (held.size() < fleet) {
                    return List.of();
                }
                List<byte[]> replies = new ArrayList<>();
                held.forEach(r -> replies.add(reply(UdpResponder.answer(r, null))));
                Collections.shuffle(replies, random);
                return replies;
            });
            Gbl4Client.Options o = options(allAtOnce, Duration.ofSeconds(5)).withRetries(2);

            List<MacAddress> macs = new ArrayList<>();
            List<CompletableFuture<Gbl4Reply.KickAck>> kicks = new ArrayList<>();
            for (int i = 0; i < fleet; i++) {
                MacAddress mac = MacAddress.of(new byte[] {0x00, 0x19, 0x32, 0x01, (byte) (i >> 8), (byte) i});
                macs.add(mac);
                kicks.add(client.kick(LOOPBACK, mac, o));
            }
            CompletableFuture.allOf(kicks.toArray(CompletableFuture[]::new)).join();

            for (int i = 0; i < fleet; i++) {
                assertThat(kicks.get(i).join().mac()).as("kick %d", i).isEqualTo(macs.get(i));
            }
        }

        @Test
        void twoKicksToTheSameDeviceAtOnceBothComplete() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, 0));
            Gbl4Client.Options o = options(device, PATIENT);

            CompletableFuture<Gbl4Reply.KickAck> first = client.kick(LOOPBACK, MAC, o);
            CompletableFuture<Gbl4Reply.KickAck> second = client.kick(LOOPBACK, MAC, o);

            assertThat(first.join().mac()).isEqualTo(MAC);
            assertThat(second.join().mac()).isEqualTo(MAC);
        }

        @Test
        void anIpv6HostIsRefusedAtOnce() throws Exception {
            assertThatThrownBy(() -> client.kick(java.net.InetAddress.getByName("::1"), MAC,
                    Gbl4Client.Options.defaults())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("IPv4");
        }
    }

    @Nested
    class Scan {

        @Test
        void collectsEveryBerofosThatAnswersAndSkipsOtherHardwareAndBadDatagrams() throws Exception {
            DeviceInfo first = identity(MAC, 0x0050, 0);
            DeviceInfo second = identity(OTHER_MAC, 0x00bb, 1);
            DeviceInfo router = identity(MacAddress.parse("00:11:22:33:44:55"), 0x1234, 0);
            UdpResponder network = responder(request -> List.of(
                    reply(new Gbl4Reply.NetconfInfo(first)),
                    reply(new Gbl4Reply.NetconfInfo(router)),
                    "not gbl4 at all".getBytes(),
                    withBadChecksum(new Gbl4Reply.NetconfInfo(identity(MacAddress.parse("00:19:32:00:00:99"), 0x50, 0))),
                    reply(new Gbl4Reply.KickAck(MAC, 0)),
                    reply(new Gbl4Reply.NetconfInfo(second)),
                    reply(new Gbl4Reply.NetconfInfo(first))));

            List<DeviceInfo> found = client.scan(LOOPBACK, options(network, Duration.ofMillis(1500))).join().devices();

            assertThat(found).containsExactly(first, second);
            assertThat(network.received()).containsExactly(new Gbl4Request.Scan());
        }

        @Test
        void nothingAnsweringIsAnEmptyListNotAFailure() throws Exception {
            UdpResponder silent = responder(request -> List.of());

            assertThat(client.scan(LOOPBACK, options(silent, SHORT)).join().devices()).isEmpty();
        }

        @Test
        void retriesSendTheScanAgainAndKeepCollecting() throws Exception {
            AtomicInteger seen = new AtomicInteger();
            DeviceInfo device = identity(MAC, 0x50, 0);
            UdpResponder lossy = responder(request -> seen.incrementAndGet() == 1 ? List.of()
                    : List.of(reply(new Gbl4Reply.NetconfInfo(device))));

            List<DeviceInfo> found = client.scan(LOOPBACK, options(lossy, SHORT).withRetries(1)).join().devices();

            assertThat(found).containsExactly(device);
            assertThat(lossy.received()).hasSize(2);
        }

        @Test
        void getNetconfTakesTheFirstReplyOfThatMacOnly() throws Exception {
            DeviceInfo wanted = identity(MAC, 0x50, 1);
            UdpResponder network = responder(request -> List.of(
                    reply(new Gbl4Reply.NetconfInfo(identity(OTHER_MAC, 0x50, 0))),
                    reply(new Gbl4Reply.NetconfInfo(wanted))));

            assertThat(client.getNetconf(LOOPBACK, MAC, options(network, PATIENT)).join()).isEqualTo(wanted);
        }
    }

    @Nested
    class NetconfAndReset {

        final NetConf netConf = new NetConf(Ipv4Address.parse("10.0.0.5"), Ipv4Address.parse("255.255.255.0"),
                Ipv4Address.parse("10.0.0.1"), NetConf.PHY_PROBE_AUTO, 0, 80);

        @Test
        void setNetconfSendsTheSettingsAndSucceedsOnErrorCodeZero() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, 1));

            client.setNetconf(LOOPBACK, MAC, netConf, options(device, PATIENT)).join();

            assertThat(device.received()).containsExactly(new Gbl4Request.SetNetconf(MAC, netConf));
        }

        @Test
        void aNonZeroErrorCodeIsADeviceError() throws Exception {
            UdpResponder refusing = responder(request -> List.of(reply(new Gbl4Reply.SetNetconfAck(MAC, 3))));

            DeviceIoException e = deviceFailure(client.setNetconf(LOOPBACK, MAC, netConf, options(refusing, PATIENT)));

            assertThat(e.kind()).isEqualTo(Kind.DEVICE_ERROR);
            assertThat(e).hasMessage("Device reported error code 3");
        }

        @Test
        void resetSucceedsOnErrorCodeZeroAndFailsOnAnyOther() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, 1));
            client.reset(LOOPBACK, MAC, options(device, PATIENT)).join();
            assertThat(device.received()).containsExactly(new Gbl4Request.Reset(MAC));

            UdpResponder refusing = responder(request -> List.of(reply(new Gbl4Reply.ResetAck(MAC, 1))));
            DeviceIoException e = deviceFailure(client.reset(LOOPBACK, MAC, options(refusing, PATIENT)));
            assertThat(e.kind()).isEqualTo(Kind.DEVICE_ERROR);
            assertThat(e).hasMessage("Device reported error code 1");
        }

        @Test
        void requestsThatChangeTheDeviceAreNeverRepeated() throws Exception {
            UdpResponder silent = responder(request -> List.of());
            Gbl4Client.Options withRetries = options(silent, SHORT).withRetries(3);

            assertThat(deviceFailure(client.setNetconf(LOOPBACK, MAC, netConf, withRetries)).kind())
                    .isEqualTo(Kind.TIMEOUT);
            assertThat(deviceFailure(client.reset(LOOPBACK, MAC, withRetries)).kind()).isEqualTo(Kind.TIMEOUT);

            assertThat(silent.received()).containsExactly(new Gbl4Request.SetNetconf(MAC, netConf),
                    new Gbl4Request.Reset(MAC));
        }
    }

    @Nested
    class Flash {

        /** 1300 bytes whose XOR is 0x40: the image of the flash example of docs/protocol.md §1. */
        final byte[] image = image1300();

        static byte[] image1300() {
            byte[] image = new byte[1300];
            new Random(7).nextBytes(image);
            image[1299] = 0;
            image[1299] = (byte) (Gbl4Frames.checksum(image, 1300) ^ 0x40);
            return image;
        }

        @Test
        void aDeviceInFlashModeReceivesPrepThenEveryPageInOrderTheLastZeroPadded() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, DeviceInfo.DEVMODE_FLASH));
            List<String> progress = Collections.synchronizedList(new ArrayList<>());

            client.flash(LOOPBACK, MAC, image, (page, total) -> progress.add(page + "/" + total),
                    options(device, PATIENT)).join();

            List<Gbl4Request> received = device.received();
            assertThat(received).hasSize(5);
            assertThat(received.get(0)).isEqualTo(new Gbl4Request.Scan());
            assertThat(HexFormat.of().formatHex(Gbl4Frames.encode(received.get(1))))
                    .isEqualTo("47424c0403001932000058000340" + "7e");
            ByteArrayOutputStream flashed = new ByteArrayOutputStream();
            for (int page = 0; page < 3; page++) {
                Gbl4Request.FlashPage p = (Gbl4Request.FlashPage) received.get(2 + page);
                assertThat(p.page()).isEqualTo(page);
                assertThat(p.mac()).isEqualTo(MAC);
                flashed.write(p.data());
            }
            byte[] expected = java.util.Arrays.copyOf(image, 3 * 512);
            assertThat(flashed.toByteArray()).isEqualTo(expected);
            assertThat(progress).containsExactly("1/3", "2/3", "3/3");
        }

        @Test
        void anOperationalDeviceIsRefusedBeforeAnythingIsWritten() throws Exception {
            UdpResponder device = device(identity(MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL));

            DeviceIoException e = deviceFailure(client.flash(LOOPBACK, MAC, image, (p, t) -> { },
                    options(device, PATIENT)));

            assertThat(e.kind()).isEqualTo(Kind.WRONG_DEVICE_MODE);
            assertThat(e).hasMessage("Device not in flashmode!");
            assertThat(device.received()).containsExactly(new Gbl4Request.Scan());
        }

        @Test
        void anUnacknowledgedPageStopsTheFlashAndNothingAfterItIsSent() throws Exception {
            DeviceInfo identity = identity(MAC, 0x50, DeviceInfo.DEVMODE_FLASH);
            UdpResponder stalling = responder(request -> request instanceof Gbl4Request.FlashPage p && p.page() == 1
                    ? List.of() : List.of(reply(UdpResponder.answer(request, identity))));

            DeviceIoException e = deviceFailure(client.flash(LOOPBACK, MAC, image, (p, t) -> { },
                    options(stalling, SHORT)));

            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(stalling.received()).hasSize(4).last()
                    .isInstanceOfSatisfying(Gbl4Request.FlashPage.class, p -> assertThat(p.page()).isEqualTo(1));
        }

        @Test
        void anAcknowledgementForAnotherPageIsABadReply() throws Exception {
            DeviceInfo identity = identity(MAC, 0x50, DeviceInfo.DEVMODE_FLASH);
            UdpResponder confused = responder(request -> request instanceof Gbl4Request.FlashPage p
                    ? List.of(reply(new Gbl4Reply.FlashPageAck(MAC, p.page() + 1)))
                    : List.of(reply(UdpResponder.answer(request, identity))));

            DeviceIoException e = deviceFailure(client.flash(LOOPBACK, MAC, image, (p, t) -> { },
                    options(confused, PATIENT)));

            assertThat(e.kind()).isEqualTo(Kind.BAD_REPLY);
            assertThat(e).hasMessage("Device acknowledged flash page 1, expected 0");
        }

        @Test
        void aWrongEchoOfThePreparationIsABadReply() throws Exception {
            DeviceInfo identity = identity(MAC, 0x50, DeviceInfo.DEVMODE_FLASH);
            UdpResponder confused = responder(request -> request instanceof Gbl4Request.FlashPrep
                    ? List.of(reply(new Gbl4Reply.FlashPrepAck(MAC, 2, 0x40)))
                    : List.of(reply(UdpResponder.answer(request, identity))));

            DeviceIoException e = deviceFailure(client.flash(LOOPBACK, MAC, image, (p, t) -> { },
                    options(confused, PATIENT)));

            assertThat(e.kind()).isEqualTo(Kind.BAD_REPLY);
            assertThat(confused.received()).hasSize(2);
        }

        @Test
        void anEmptyImageIsRefusedAtOnce() {
            assertThatThrownBy(() -> client.flash(LOOPBACK, MAC, new byte[0], (p, t) -> { },
                    Gbl4Client.Options.defaults())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Closing {

        @Test
        void closingCancelsWhatIsStillWaitingAndRefusesNewRequests() throws Exception {
            UdpResponder silent = responder(request -> List.of());
            CompletableFuture<Gbl4Reply.KickAck> waiting = client.kick(LOOPBACK, MAC, options(silent, PATIENT));
            CompletableFuture<ScanResult> scanning = client.scan(LOOPBACK, options(silent, PATIENT));

            client.close();

            assertThat(waiting).isCancelled();
            assertThat(scanning).isCancelled();
            assertThatThrownBy(() -> client.ping(LOOPBACK, MAC, options(silent, PATIENT)).join())
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}
