package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starting simulated devices at a fresh loopback block, and talking to them with raw bytes. */
final class TestDevices {

    static final MacAddress MAC = MacAddress.parse("00:19:32:00:00:58");
    static final int HTTP_PORT = 8080;

    private TestDevices() {
    }

    /** One device with MAC 00:19:32:00:00:58 at a random 127.x.y.1, port 8080, with these settings. */
    static Simulator one(Map<Key, String> settings) {
        return Simulator.start(SimulatorConfig.of(specs(1, settings)));
    }

    static List<DeviceSpec> specs(int count, Map<Key, String> settings) {
        return DeviceSpec.rack(count, SimulatorConfig.randomLoopbackBlock(), MAC, HTTP_PORT, settings);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Sends one datagram to the device's GBL4 port and returns the first answer, if one comes within 500 ms. */
    static Optional<byte[]> gbl4(Ipv4Address device, byte[] request) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(500);
            socket.send(new DatagramPacket(request, request.length, device.toInetAddress(), 50123));
            DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOf(answer.getData(), answer.getLength()));
        }
    }

    /** A GBL4 frame: prefix, the given command and payload, checksum. */
    static byte[] frame(String commandAndPayloadHex) {
        byte[] body = hex("47424c04" + commandAndPayloadHex.replace(" ", ""));
        byte[] out = Arrays.copyOf(body, body.length + 1);
        int x = 0;
        for (byte b : body) {
            x ^= b;
        }
        out[body.length] = (byte) x;
        return out;
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** GET {@code pathAndQuery} from the device's web server, optionally with an Authorization header. */
    static HttpResponse<String> get(SimulatedDevice d, String pathAndQuery, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://" + d.address() + ":" + d.httpPort() + pathAndQuery)).timeout(Duration.ofSeconds(3));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(SimulatedDevice d, String pathAndQuery) throws IOException, InterruptedException {
        return get(d, pathAndQuery, null);
    }
}
