package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.NetConf;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every GBL4 operation of our protocol client against a simulated device. */
class Gbl4ClientTest {

    static final Gbl4Client.Options FAST = Gbl4Client.Options.defaults().withTimeout(Duration.ofMillis(500));

    Simulator sim;
    SimulatedDevice fos;
    InetAddress host;
    Gbl4Client client;

    @BeforeEach
    void start() throws Exception {
        sim = TestDevices.one(Map.of(Key.WDOGITIME, "30"));
        fos = sim.device(MAC);
        host = fos.address().toInetAddress();
        client = Gbl4Client.open();
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void scanFindsTheDeviceWithItsNetworkSettings() throws Exception {
        List<DeviceInfo> found = client.scan(host, FAST).get().devices();

        assertThat(found).hasSize(1);
        DeviceInfo info = found.get(0);
        assertThat(info.mac()).isEqualTo(MAC);
        assertThat(info.isBerofos()).isTrue();
        assertThat(info.flashMode()).isFalse();
        assertThat(info.address()).isEqualTo(fos.address());
        assertThat(info.netmask()).isEqualTo(Ipv4Address.parse("255.0.0.0"));
        assertThat(info.httpPort()).isEqualTo(8080);
        assertThat(client.getNetconf(host, MAC, FAST).get()).isEqualTo(info);
    }

    @Test
    void pingAndKickAreAnsweredAndAKickReloadsTheRunningWatchdog() throws Exception {
        TestDevices.get(fos, "/?cmd=6&wen=1");
        Thread.sleep(1100);
        assertThat(fos.status().watchdogSecondsLeft()).isLessThan(30);

        assertThat(client.ping(host, MAC, FAST).get().mac()).isEqualTo(MAC);
        assertThat(client.kick(host, MAC, FAST).get().mac()).isEqualTo(MAC);
        assertThat(fos.status().watchdogSecondsLeft()).isEqualTo(30);
    }

    @Test
    void aRequestForAnotherMacTimesOut() {
        assertFails(client.kick(host, MacAddress.parse("00:19:32:00:00:59"), FAST), DeviceIoException.Kind.TIMEOUT);
    }

    @Test
    void netconfResetAndFlashNeedFlashMode() {
        NetConf netConf = new NetConf(fos.address(), Ipv4Address.parse("255.0.0.0"), Ipv4Address.ANY, 3, 0, 8080);

        assertFails(client.setNetconf(host, MAC, netConf, FAST), DeviceIoException.Kind.DEVICE_ERROR);
        assertFails(client.reset(host, MAC, FAST), DeviceIoException.Kind.DEVICE_ERROR);
        assertThatThrownBy(() -> client.flash(host, MAC, new byte[100], (page, total) -> { }, FAST).get())
                .hasCauseInstanceOf(DeviceIoException.class)
                .hasMessageContaining("Device not in flashmode!");
    }

    @Test
    void inFlashModeNetconfResetAndFlashSucceed() throws Exception {
        fos.bootFlashMode();
        Ipv4Address moved = new Ipv4Address(fos.address().bits() + 1);

        client.setNetconf(host, MAC, new NetConf(moved, Ipv4Address.parse("255.0.0.0"), Ipv4Address.ANY, 3, 0, 8082),
                FAST).get();
        client.reset(host, MAC, FAST).get();
        byte[] image = new byte[2000];
        ThreadLocalRandom.current().nextBytes(image);
        client.flash(host, MAC, image, (page, total) -> { }, FAST).get();

        assertThat(fos.firmwareImage()).hasValueSatisfying(stored -> assertThat(stored).startsWith(image));
        assertThat(fos.value(Key.DHCP)).as("the reset came after the netconf").isEqualTo("1");
    }

    private static void assertFails(CompletableFuture<?> future, DeviceIoException.Kind kind) {
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(DeviceIoException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
