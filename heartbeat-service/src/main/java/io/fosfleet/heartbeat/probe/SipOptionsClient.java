package io.fosfleet.heartbeat.probe;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIP OPTIONS over UDP from one socket and matches each response to its request by Call-ID; any final response
 * (200 OK, but also 403 or 404) proves a SIP stack is alive, provisional ones (1xx) keep the request waiting.
 */
public final class SipOptionsClient implements AutoCloseable {

    private final Vertx vertx;
    private final DatagramSocket socket;
    private final int localPort;
    private final Map<String, CompletableFuture<CheckResult>> waiting = new ConcurrentHashMap<>();
    /** The local address facing each target, for Via and Contact. */
    private final Map<String, String> localAddresses = new ConcurrentHashMap<>();

    public SipOptionsClient(Vertx vertx) {
        this.vertx = vertx;
        this.socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        socket.handler(this::onDatagram);
        try {
            socket.listen(0, "0.0.0.0").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the SIP OPTIONS socket: " + e.getMessage(), e);
        }
        this.localPort = socket.localAddress().port();
    }

    /**
     * Asks {@code host:port} for its OPTIONS; a final answer completes {@code result}. The caller times it out: the
     * request is forgotten once {@code result} completes, whoever completed it.
     */
    public void options(String host, int port, CompletableFuture<CheckResult> result) {
        String local;
        try {
            local = localAddressFacing(host, port);
        } catch (UncheckedIOException e) {
            result.complete(CheckResult.failed("cannot reach " + host + ": " + e.getCause().getMessage()));
            return;
        }
        String callId = random() + random() + "@" + local;
        waiting.put(callId, result);
        result.whenComplete((r, e) -> waiting.remove(callId));
        socket.send(Buffer.buffer(request(host, port, local, callId), "UTF-8"), port, host).onFailure(e ->
                result.complete(CheckResult.failed("cannot send SIP OPTIONS to " + host + ":" + port + ": "
                        + e.getMessage())));
    }

    private String request(String host, int port, String local, String callId) {
        String target = "sip:" + host + ":" + port;
        // rport (RFC 3581) makes the peer answer to the port we sent from, whatever NAT does to it.
        return "OPTIONS " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ":" + localPort + ";branch=z9hG4bK" + random() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:fosfleet-heartbeat@" + local + ">;tag=" + random() + "\r\n"
                + "To: <" + target + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Contact: <sip:fosfleet-heartbeat@" + local + ":" + localPort + ">\r\n"
                + "Accept: application/sdp\r\n"
                + "User-Agent: fosfleet-heartbeat\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private void onDatagram(DatagramPacket packet) {
        String text = packet.data().toString(StandardCharsets.UTF_8);
        Optional<Response> response = Response.parse(text);
        if (response.isEmpty() || response.get().status() < 200) {
            return;
        }
        CompletableFuture<CheckResult> result = waiting.get(response.get().callId());
        if (result != null) {
            result.complete(CheckResult.ok("SIP " + response.get().statusLine()));
        }
    }

    /** The address the kernel would send from to reach the target; a connected UDP socket finds it without a packet. */
    private String localAddressFacing(String host, int port) {
        return localAddresses.computeIfAbsent(host, h -> {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
                probe.connect(new InetSocketAddress(InetAddress.getByName(h), port));
                return probe.getLocalAddress().getHostAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public void close() {
        socket.close();
        waiting.values().forEach(f -> f.complete(CheckResult.failed("shutting down")));
    }

    /** The parts of a SIP response the probe reads. */
    record Response(int status, String statusLine, String callId) {

        static Optional<Response> parse(String text) {
            String[] lines = text.split("\r?\n");
            if (lines.length == 0 || !lines[0].startsWith("SIP/2.0 ")) {
                return Optional.empty();
            }
            int status;
            try {
                status = Integer.parseInt(lines[0].substring(8, Math.min(lines[0].length(), 11)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    if (name.equals("call-id") || name.equals("i")) {
                        return Optional.of(new Response(status, lines[0].substring(8).trim(),
                                lines[i].substring(colon + 1).trim()));
                    }
                }
            }
            return Optional.empty();
        }
    }
}
