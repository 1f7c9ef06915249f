package io.fosfleet.protocol.gbl4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.DeviceIoException.Kind;
import io.fosfleet.protocol.MacAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone on the device network answers in a device's name: the device is at 127.0.1.1, the forger at 127.0.0.9
 * sees each request and answers it first. Only the address asked counts, except in a broadcast scan, which reports
 * the MAC answering from two addresses.
 */
class Gbl4SpoofingTest {

    static final MacAddress MAC = Gbl4ClientTest.MAC;
    static final MacAddress FAKE_MAC = MacAddress.parse("00:19:32:66:66:66");
    static final Duration SHORT = Duration.ofMillis(600);
    static final Duration PATIENT = Gbl4ClientTest.PATIENT;

    InetAddress device;
    InetAddress forger;
    Gbl4Client client;
    final List<UdpResponder> responders = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        device = InetAddress.getByName("127.0.1.1");
        forger = InetAddress.getByName("127.0.0.9");
        client = Gbl4Client.open();
    }

    @AfterEach
    void close() {
        client.close();
        responders.forEach(UdpResponder::close);
    }

    UdpResponder deviceWithForger(Function<Gbl4Request, List<byte[]>> real,
            Function<Gbl4Request, List<byte[]>> forged) throws Exception {
        UdpResponder r = UdpResponder.at(device, real).withForger(forger, forged);
        responders.add(r);
        return r;
    }

    static Gbl4Client.Options options(UdpResponder r, Duration timeout) {
        return Gbl4Client.Options.defaults().withPort(r.port()).withTimeout(timeout);
    }

    static byte[] answer(Gbl4Request request, DeviceInfo identity) {
        return Gbl4Frames.encode(UdpResponder.answer(request, identity));
    }

    static DeviceIoException failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(future::join);
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(DeviceIoException.class);
        return (DeviceIoException) thrown.getCause();
    }

    @Test
    void aForgedKickAcknowledgementDoesNotHideADeviceThatDoesNotAnswer() throws Exception {
        DeviceInfo identity = Gbl4ClientTest.identity(MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        UdpResponder silentDevice = deviceWithForger(request -> List.of(), request -> List.of(answer(request, identity)));

        DeviceIoException e = failure(client.kick(device, MAC, options(silentDevice, SHORT)));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(silentDevice.received()).hasSize(1);
        assertThat(client.foreignReplies()).isEqualTo(1);
    }

    @Test
    void theDevicesOwnReplyStillCountsWhenAForgedOneCameFirst() throws Exception {
        DeviceInfo identity = Gbl4ClientTest.identity(MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        UdpResponder r = deviceWithForger(request -> List.of(answer(request, identity)),
                request -> List.of(answer(request, identity)));

        client.ping(device, MAC, options(r, PATIENT)).join();

        assertThat(client.foreignReplies()).isEqualTo(1);
    }

    @Test
    void aForgedFlashModeReplyDoesNotFoolTheFlashCheck() throws Exception {
        DeviceInfo operational = Gbl4ClientTest.identity(MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        DeviceInfo flashing = Gbl4ClientTest.identity(MAC, 0x50, DeviceInfo.DEVMODE_FLASH);
        UdpResponder r = deviceWithForger(request -> List.of(answer(request, operational)),
                request -> List.of(answer(request, flashing)));

        DeviceIoException e = failure(client.flash(device, MAC, new byte[600], (page, total) -> { },
                options(r, PATIENT)));

        assertThat(e.kind()).isEqualTo(Kind.WRONG_DEVICE_MODE);
        assertThat(r.received()).containsExactly(new Gbl4Request.Scan());
    }

    @Test
    void aScanOfOneAddressIgnoresDevicesInjectedFromAnother() throws Exception {
        DeviceInfo real = Gbl4ClientTest.identity(MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        DeviceInfo fake = Gbl4ClientTest.identity(FAKE_MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        UdpResponder r = deviceWithForger(request -> List.of(answer(request, real)),
                request -> List.of(answer(request, fake), answer(request, real)));

        ScanResult result = client.scan(device, options(r, Duration.ofMillis(1500))).join();

        assertThat(result.devices()).containsExactly(real);
        assertThat(result.duplicates()).isEmpty();
        assertThat(client.foreignReplies()).isEqualTo(2);
    }

    @Test
    void aBroadcastScanTakesEveryResponderAndReportsAMacAnsweringFromTwoAddresses() throws Exception {
        DeviceInfo real = Gbl4ClientTest.identity(MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        DeviceInfo other = Gbl4ClientTest.identity(FAKE_MAC, 0x50, DeviceInfo.DEVMODE_OPERATIONAL);
        UdpResponder r = deviceWithForger(request -> List.of(answer(request, real)),
                request -> List.of(answer(request, real), answer(request, other)));

        // loopback has no broadcast address: the scan is told it is one, as for 255.255.255.255 on a real network
        ScanResult result = client.scan(device, true, options(r, Duration.ofMillis(1500))).join();

        assertThat(result.devices()).extracting(DeviceInfo::mac).containsExactly(MAC, FAKE_MAC);
        assertThat(result.duplicates()).singleElement().satisfies(d -> {
            assertThat(d.mac()).isEqualTo(MAC);
            assertThat(d.from()).containsExactly(forger, device);
        });
        assertThat(client.foreignReplies()).isZero();
    }
}
