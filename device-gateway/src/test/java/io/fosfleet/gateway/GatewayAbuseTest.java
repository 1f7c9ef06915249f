package io.fosfleet.gateway;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import io.fosfleet.protocol.syslog.DeviceSyslog;
import io.fosfleet.protocol.syslog.SyslogCode;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The gateway attacked from the device network, in the same boot as {@link DeviceGatewayTest}: forged syslog
 * datagrams from a device's own address, a flood of them, and a server that asks for a credential outside its scope.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class GatewayAbuseTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Long: a change seen within seconds was seen because of a syslog message. */
    private static final Duration RARELY = Duration.ofMinutes(1);

    private static final int FORGED = 0;
    private static final int REAL_CHANGE = 1;
    private static final int FLOOD = 2;

    private static Simulator sim;
    private static FleetFixture fleet;

    @Inject
    Gateway gateway;

    @BeforeEach
    void startOnce() throws Exception {
        if (sim != null) {
            return;
        }
        Ipv4Address block = SimulatorConfig.randomLoopbackBlock();
        List<DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i <= FLOOD; i++) {
            specs.add(FleetFixture.spec(block, i, gateway.syslogPort(), Map.of(Key.MODEDEF, "1")));
        }
        sim = Simulator.start(SimulatorConfig.of(specs));
        fleet = new FleetFixture(KafkaBroker.shared().bootstrapServers(), 12);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
            sim.close();
        }
    }

    /**
     * A device polled often until its first reading (a first poll that times out on a loaded machine is soon repeated),
     * then once a minute; returns when the first poll of the new schedule is over, so that the test acts between
     * scheduled polls.
     */
    private DeviceId join(String name, int index) {
        DeviceId id = FleetFixture.newDeviceId(name);
        SimulatedDevice fos = sim.devices().get(index);
        fleet.publish(FleetFixture.device(id, fos, Duration.ofMillis(250)));
        await().atMost(PATIENCE).until(() -> fleet.state(id) != null && fleet.state(id).reachable());
        fleet.publish(FleetFixture.device(id, fos, RARELY));
        Instant rescheduled = Instant.now();
        await().atMost(PATIENCE).until(() -> gateway.device(id).map(d -> d.pollInterval().equals(RARELY)
                && d.lastPollAt() != null && d.lastPollAt().isAfter(rescheduled)).orElse(false));
        // the new schedule's first poll comes within a second of the new configuration
        await().pollDelay(Duration.ofMillis(1200)).atMost(PATIENCE).until(() -> true);
        return id;
    }

    /** Sends syslog datagrams to the gateway from {@code from}, as a device (or someone forging it) does. */
    private void syslogFrom(InetAddress from, SyslogCode code, int times) throws IOException {
        byte[] datagram = DeviceSyslog.datagram(code);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            for (int i = 0; i < times; i++) {
                socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                        gateway.syslogPort()));
            }
        }
    }

    private long syslogPolls(DeviceId id) {
        return gateway.device(id).orElseThrow().syslogPolls();
    }

    @Test
    void aForgedFailoverFromTheDevicesOwnAddressProducesNoEventAndChangesNoState() throws Exception {
        DeviceId id = join("forged", FORGED);
        SimulatedDevice fos = sim.devices().get(FORGED);
        int statesBefore = fleet.states(id).size();

        syslogFrom(fos.address().toInetAddress(), SyslogCode.WDOG_FAILOVER_TIMEOUT, 1);

        // the datagram is answered with a poll of the device, which says nothing changed
        await().atMost(PATIENCE).until(() -> syslogPolls(id) == 1);
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
        assertThat(fleet.events(id)).isEmpty();
        assertThat(fleet.states(id)).hasSize(statesBefore);
        assertThat(fleet.state(id).values()).containsEntry("mode", "1").containsEntry("wdogstate", "0");
        assertThat(gateway.device(id).orElseThrow().values()).containsEntry("wdogstate", "0");
        assertThat(fos.status().relayMode()).isEqualTo(RelayMode.A_B);
    }

    @Test
    void aRealChangeIsReadAtOnceWhenTheDevicesSyslogMessageArrives() {
        DeviceId id = join("real-change", REAL_CHANGE);
        SimulatedDevice fos = sim.devices().get(REAL_CHANGE);

        // someone switches the relay on the device's own web page; the device tells its syslog server
        new HttpDeviceClient(Duration.ofSeconds(5)).set(DeviceEndpoint.of(fos.address().toString(), fos.httpPort()),
                Key.MODE, "0").join();

        await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.RELAY_CHANGED).isEmpty());
        assertThat(fleet.events(id, DeviceEvent.Type.RELAY_CHANGED)).singleElement().satisfies(e -> {
            assertThat(e.syslogCode()).isEqualTo(10);
            assertThat(e.details()).containsEntry("via", "syslog").containsEntry("relay", "A-D");
        });
        await().atMost(PATIENCE).until(() -> "0".equals(fleet.state(id).values().get("mode")));
    }

    @Test
    void aFloodOfForgedDatagramsCostsAFewPollsAndStrangersNone() throws Exception {
        DeviceId id = join("flood", FLOOD);
        SimulatedDevice fos = sim.devices().get(FLOOD);
        Duration min = Duration.ofMillis(250);

        long started = System.nanoTime();
        for (int burst = 0; burst < 10; burst++) {
            syslogFrom(fos.address().toInetAddress(), SyslogCode.WDOG_FAILOVER_TIMEOUT, 200);
            Thread.sleep(100);
        }
        syslogFrom(InetAddress.getByName("127.0.0.99"), SyslogCode.RELAY_A_D, 100);
        Duration flooding = Duration.ofNanos(System.nanoTime() - started);
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);

        // one poll at once, then at most one per interval, and one after the last burst
        long bound = flooding.toNanos() / min.toNanos() + 2;
        assertThat(syslogPolls(id)).isBetween(1L, bound);
        assertThat(fleet.events(id)).isEmpty();
        assertThat(fleet.state(id).values()).containsEntry("wdogstate", "0");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fosfleet_gateway_syslog_messages_total{outcome=\"unowned\"}"))
                .body(containsString("fosfleet_gateway_syslog_polls_total"));
    }

    @Test
    void aCredentialIsNeverSentToAServerOutsideItsScope() throws Exception {
        try (RogueServer rogue = new RogueServer(InetAddress.getByName("127.0.0.77"))) {
            DeviceId id = FleetFixture.newDeviceId("rogue");
            // an admin points a device at a server of their own, with a credential scoped to rack 7 only
            fleet.publish(new DeviceConfig(id, "rogue", "00:19:32:77:77:77", "127.0.0.77", rogue.port(), "rack7",
                    "test-site", null, Duration.ofMillis(250), Map.of(), DeviceConfig.DriftPolicy.REPORT));

            await().atMost(PATIENCE).until(() -> !fleet.events(id, DeviceEvent.Type.UNREACHABLE).isEmpty());
            DeviceEvent refused = fleet.events(id, DeviceEvent.Type.UNREACHABLE).get(0);
            assertThat(refused.details()).containsEntry("reason", "CREDENTIAL_OUT_OF_SCOPE");
            assertThat(refused.message()).contains("credential 'rack7'").contains("not in its scope")
                    .doesNotContain("rack7-secret");
            CommandResult command = awaitResult(fleet.command(id, DeviceCommand.Type.SWITCH_RELAY,
                    Map.of("mode", "1")));
            assertThat(command.failure()).isEqualTo(CommandResult.Failure.BAD_CREDENTIALS);
            assertThat(command.message()).contains("rack7").doesNotContain("rack7-secret");
            await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> true);

            assertThat(rogue.authorizations()).isEmpty();
            assertThat(fleet.events(id, DeviceEvent.Type.UNREACHABLE)).hasSize(1);
        }
    }

    private CommandResult awaitResult(DeviceCommand command) {
        await().atMost(PATIENCE).until(() -> !fleet.results(command).isEmpty());
        return fleet.results(command).get(0);
    }

    /** Answers every request 401 with a Basic challenge, as a server fishing for passwords does. */
    private static final class RogueServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

        RogueServer(InetAddress address) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, 0));
            Thread t = new Thread(this::serve, "rogue-http");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> authorizations() {
            return List.copyOf(authorizations);
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket c = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase().startsWith("authorization:")) {
                            authorizations.add(line);
                        }
                    }
                    c.getOutputStream().write(("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"berofos\""
                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the client went away, or the test ended
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
