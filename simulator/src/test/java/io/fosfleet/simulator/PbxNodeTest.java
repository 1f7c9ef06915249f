package io.fosfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.Ipv4Address;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A simulated PBX node's TCP port, HTTP health endpoint and SIP OPTIONS responder, stopped, started and slowed. */
class PbxNodeTest {

    static final String OPTIONS = "OPTIONS sip:pbx@%1$s:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:%2$d;branch=z9hG4bK-1;rport\r\n"
            + "Via: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK-0\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:probe@127.0.0.1>;tag=probe-1\r\n"
            + "To: <sip:pbx@%1$s>\r\n"
            + "Call-ID: c4ll-1d@127.0.0.1\r\n"
            + "CSeq: 42 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";

    static Simulator sim;
    static PbxNode node;
    static Ipv4Address address;

    @BeforeAll
    static void start() {
        address = SimulatorConfig.randomLoopbackBlock();
        sim = Simulator.start(SimulatorConfig.of(List.of()).withNodes(NodeSpec.series(1, address)));
        node = sim.node("node1");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void everythingRunningAtFullSpeed() {
        node.start();
        node.delay(Duration.ZERO);
    }

    @Test
    void sipOptionsIsAnswered200OkWithTheRequestsHeadersAndATag() throws Exception {
        String answer = sipOptions(Duration.ofSeconds(2)).orElseThrow();

        assertThat(answer).startsWith("SIP/2.0 200 OK\r\n").endsWith("Content-Length: 0\r\n\r\n");
        assertThat(answer).contains("Via: SIP/2.0/UDP 127.0.0.1:")
                .contains(";branch=z9hG4bK-1;rport\r\nVia: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK-0\r\n")
                .contains("From: <sip:probe@127.0.0.1>;tag=probe-1\r\n")
                .contains("Call-ID: c4ll-1d@127.0.0.1\r\n", "CSeq: 42 OPTIONS\r\n")
                .containsPattern("To: <sip:pbx@" + address + ">;tag=[0-9a-f]{8}\r\n");
    }

    @Test
    void aStoppedSipServiceAnswersNothingUntilStartedAgain() throws Exception {
        node.stop(PbxNode.Service.SIP);
        assertThat(node.running(PbxNode.Service.SIP)).isFalse();
        assertThat(sipOptions(Duration.ofMillis(500))).isEmpty();

        node.start(PbxNode.Service.SIP);
        assertThat(sipOptions(Duration.ofSeconds(2))).isPresent();
    }

    @Test
    void httpHealthAndTcpAcceptUntilStopped() throws Exception {
        HttpResponse<String> health = health();
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        try (Socket socket = new Socket(address.toInetAddress(), NodeSpec.DEFAULT_TCP_PORT)) {
            assertThat(socket.isConnected()).isTrue();
        }

        node.stop(PbxNode.Service.HTTP, PbxNode.Service.TCP);

        // A probe opens a new connection: it must be refused (a pooled one may instead be closed by the stop).
        assertThatThrownBy(() -> health(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new Socket(address.toInetAddress(), NodeSpec.DEFAULT_TCP_PORT).close())
                .isInstanceOf(ConnectException.class);
        assertThat(node.running(PbxNode.Service.SIP)).isTrue();
    }

    @Test
    void aSlowedNodeAnswersAfterTheDelay() throws Exception {
        node.delay(Duration.ofMillis(400));

        long start = System.nanoTime();
        assertThat(sipOptions(Duration.ofSeconds(2))).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        start = System.nanoTime();
        assertThat(health().statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    private HttpResponse<String> health() throws IOException, InterruptedException {
        return health(TestDevices.HTTP);
    }

    private HttpResponse<String> health(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + address + ":"
                + NodeSpec.DEFAULT_HTTP_PORT + "/health")).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sipOptions(Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] request = String.format(OPTIONS, address, socket.getLocalPort()).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(request, request.length, address.toInetAddress(),
                    NodeSpec.DEFAULT_SIP_PORT));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            return Optional.of(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
        }
    }
}
