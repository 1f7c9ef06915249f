package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A device that challenges with HTTP Digest (docs/protocol.md §2): its challenge and its checks on the raw socket,
 * with the answer computed here from the RFC's formula; and our HTTP client logging in to it.
 */
class DigestAuthTest {

    static final String PASSWORD = "s3cret";

    final HttpDeviceClient client = new HttpDeviceClient(Duration.ofSeconds(3));
    Simulator sim;
    SimulatedDevice fos;
    DeviceEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        sim = TestDevices.one(Map.of());
        fos = sim.device(MAC);
        endpoint = DeviceEndpoint.of(fos.address().toString(), fos.httpPort());
        client.set(endpoint, Key.APWD, PASSWORD).get();
        client.set(endpoint, Key.PWD, "1").get();
        fos.httpAuth(HttpAuth.DIGEST);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theDeviceChallengesWithDigestAndChecksTheAnswer() throws IOException {
        String challenge = raw("/config.txt", null);
        assertThat(challenge).startsWith("HTTP/1.1 401");
        Matcher m = Pattern.compile("(?i)WWW-Authenticate: Digest (.*)\r\n").matcher(challenge);
        assertThat(m.find()).as(challenge).isTrue();
        String params = m.group(1);
        assertThat(params).contains("realm=\"berofos\"", "qop=\"auth\"", "algorithm=MD5");
        Matcher nonceMatch = Pattern.compile("nonce=\"([^\"]+)\"").matcher(params);
        assertThat(nonceMatch.find()).isTrue();
        String nonce = nonceMatch.group(1);

        assertThat(raw("/config.txt", answer("admin", PASSWORD, "/config.txt", nonce)))
                .startsWith("HTTP/1.1 200").contains("bnfos_confmap_magic=0.1\n", "3_pwd=1\n").doesNotContain(PASSWORD);
        assertThat(raw("/config.txt", answer("admin", "wrong", "/config.txt", nonce))).startsWith("HTTP/1.1 401");
        assertThat(raw("/config.txt", answer("root", PASSWORD, "/config.txt", nonce))).startsWith("HTTP/1.1 401");
        assertThat(raw("/config.txt", answer("admin", PASSWORD, "/config.txt", "not-issued")))
                .startsWith("HTTP/1.1 401");
        // An answer for one URI does not open another: the set request is refused and changes nothing.
        assertThat(raw("/?cmd=4&mode=1", answer("admin", PASSWORD, "/config.txt", nonce))).startsWith("HTTP/1.1 401");
        assertThat(fos.status().relayMode().wireValue()).isZero();
        // A Basic answer is not accepted by a device that asked for Digest.
        assertThat(raw("/config.txt", HttpTest.basic("admin", PASSWORD))).startsWith("HTTP/1.1 401");
    }

    @Test
    void ourClientLogsInWithDigest() throws Exception {
        DeviceEndpoint withPassword = endpoint.withCredentials(Credentials.admin(PASSWORD));
        client.set(withPassword, Key.MODE, "1").get();
        assertThat(fos.status().relayMode().wireValue()).isEqualTo(1);
        assertThat(client.readConfig(withPassword).get().isOn(Key.MODE)).isTrue();

        DeviceEndpoint wrong = endpoint.withCredentials(Credentials.admin("wrong"));
        assertThatThrownBy(() -> client.readConfig(wrong).get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(DeviceIoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeviceIoException.Kind.BAD_CREDENTIALS);
                    assertThat(e.getMessage()).isEqualTo("Invalid username/password (user admin) for reading the "
                            + "configuration at " + endpoint.authority()).doesNotContain("wrong");
                });
        assertThatThrownBy(() -> client.set(wrong, Key.MODE, "0").get()).isInstanceOf(ExecutionException.class);
        assertThat(fos.status().relayMode().wireValue()).isEqualTo(1);
    }

    /** RFC 7616 with MD5 and qop=auth, written out here so the test does not lean on the code under test. */
    static String answer(String user, String password, String uri, String nonce) {
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String ha1 = md5(user + ":berofos:" + password);
        String ha2 = md5("GET:" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"berofos\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=MD5, qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\"";
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One request on a plain socket, the whole response as text. */
    String raw(String pathAndQuery, String authorization) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(fos.address().toString(), fos.httpPort()), 3000);
            s.setSoTimeout(3000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + fos.address() + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Connection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
