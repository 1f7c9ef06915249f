package io.fosfleet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.DeviceIoException.Kind;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A web server that is not a well-behaved device: endless or huge bodies, redirects to another server that asks for a
 * password, over-long values. Played by raw sockets on loopback, so every byte is under the test's control.
 */
class HttpDeviceClientAbuseTest {

    static final String PASSWORD = "rack7-secret";
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    final HttpDeviceClient client = new HttpDeviceClient(TIMEOUT);
    final List<RawServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(RawServer::close);
    }

    /** Answers every connection with {@code answer}; records each request's header lines. */
    RawServer server(InetAddress address, Answer answer) throws IOException {
        RawServer s = new RawServer(address, answer);
        servers.add(s);
        return s;
    }

    @FunctionalInterface
    interface Answer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());

        RawServer(InetAddress address, Answer answer) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, 0));
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket c = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(),
                                StandardCharsets.ISO_8859_1));
                        List<String> headers = new ArrayList<>();
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            headers.add(line);
                        }
                        requests.add(headers);
                        answer.write(c.getOutputStream());
                    } catch (IOException | InterruptedException e) {
                        // the client went away or the test ended
                    }
                }
            }, "raw-http");
            t.setDaemon(true);
            t.start();
        }

        DeviceEndpoint endpoint() {
            return DeviceEndpoint.of(socket.getInetAddress().getHostAddress(), socket.getLocalPort());
        }

        boolean sawAuthorization() {
            synchronized (requests) {
                return requests.stream().flatMap(List::stream)
                        .anyMatch(h -> h.toLowerCase().startsWith("authorization:"));
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static DeviceIoException failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(future::join);
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(DeviceIoException.class);
        return (DeviceIoException) thrown.getCause();
    }

    @Test
    void aBodyOverTheCapIsRefusedWithoutReadingItAll() throws Exception {
        String huge = "bnfos_confmap_magic=0.1\n" + "3_dn=x\n".repeat(200_000);
        RawServer device = server(InetAddress.getLoopbackAddress(), out -> write(out, "HTTP/1.1 200 OK\r\n"
                + "Content-Length: " + huge.length() + "\r\nConnection: close\r\n\r\n" + huge));

        DeviceIoException e = failure(client.readConfig(device.endpoint()));

        assertThat(e.kind()).isEqualTo(Kind.REPLY_TOO_LARGE);
        assertThat(e.getMessage()).contains("more than 64 KiB").contains(device.endpoint().authority());
    }

    @Test
    void aBodyWithoutEndIsCutOffAtTheTimeout() throws Exception {
        RawServer device = server(InetAddress.getLoopbackAddress(), out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nbnfos_confmap_magic=0.1\n");
            for (int i = 0; i < 600; i++) {
                write(out, "x");
                Thread.sleep(100);
            }
        });

        long started = System.nanoTime();
        DeviceIoException e = failure(client.readConfig(device.endpoint()));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        // the drip would last a minute; generous against a loaded machine, far below that
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aRedirectIsNotFollowedSoTheServerItNamesNeverGetsThePassword() throws Exception {
        RawServer rogue = server(InetAddress.getByName("127.0.0.9"), out -> write(out, "HTTP/1.1 401 Unauthorized\r\n"
                + "WWW-Authenticate: Basic realm=\"berofos\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        RawServer device = server(InetAddress.getLoopbackAddress(), out -> write(out, "HTTP/1.1 302 Found\r\n"
                + "Location: http://127.0.0.9:" + rogue.socket.getLocalPort() + "/config.txt\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n"));

        DeviceIoException e = failure(client.readConfig(device.endpoint()
                .withCredentials(Credentials.admin(PASSWORD))));

        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(rogue.requests).isEmpty();
        assertThat(device.sawAuthorization()).isFalse();
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void credentialsGoOnlyAfterTheDevicesOwnChallenge() throws Exception {
        RawServer device = server(InetAddress.getLoopbackAddress(), out -> write(out, "HTTP/1.1 200 OK\r\n"
                + "Content-Length: 24\r\nConnection: close\r\n\r\nbnfos_confmap_magic=0.1\n"));

        client.readConfig(device.endpoint().withCredentials(Credentials.admin(PASSWORD))).join();

        assertThat(device.sawAuthorization()).isFalse();
    }

    @Test
    void anOverLongValueIsTruncatedWithAVisibleMarker() throws Exception {
        String body = "bnfos_confmap_magic=0.1\n3_dn=" + "a".repeat(5000) + "\n6_wstate=1\n";
        RawServer device = server(InetAddress.getLoopbackAddress(), out -> write(out, "HTTP/1.1 200 OK\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body));

        ConfigReading reading = client.readConfig(device.endpoint()).join();

        assertThat(reading.get(Key.HOSTNAME)).hasValue("a".repeat(63) + ValueType.TRUNCATED);
        assertThat(reading.get(Key.WDOGSTATE)).hasValue("1");
        assertThat(reading.warnings()).anySatisfy(w -> assertThat(w).contains("hostname").contains("at most 63"));
    }
}
