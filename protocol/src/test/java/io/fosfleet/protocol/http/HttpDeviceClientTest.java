package io.fosfleet.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.DeviceIoException.Kind;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The HTTP device client against a device web server played by the JDK's HttpServer on 127.0.0.1. */
class HttpDeviceClientTest {

    static final String CONFIG_TXT = """
            bnfos_confmap_magic=0.1
            1_sz=1
            4_mode=checked
            5_p0=1
            5_p1=0
            3_dn=fos-rack7
            3_ip=10.0.0.5
            6_wstate=1
            0_wretv=42
            """;
    static final String PASSWORD = "s3cr:et!";

    /** A request as the server saw it. */
    record Seen(String pathAndQuery, String authorization, String userAgent) {
    }

    /** What the server answers: status, headers, body. */
    record Answer(int status, String wwwAuthenticate, String body) {
        static Answer ok(String body) {
            return new Answer(200, null, body);
        }
    }

    interface Device {
        Answer handle(Seen request) throws InterruptedException;
    }

    HttpServer server;
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    volatile Device device = request -> Answer.ok(CONFIG_TXT);
    final HttpDeviceClient client = new HttpDeviceClient(Duration.ofSeconds(10));
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        Seen request = new Seen(exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("User-Agent"));
        seen.add(request);
        try {
            Answer answer = device.handle(request);
            if (answer.wwwAuthenticate() != null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", answer.wwwAuthenticate());
            }
            byte[] body = answer.body().getBytes(StandardCharsets.ISO_8859_1);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    DeviceEndpoint endpoint() {
        return DeviceEndpoint.of("127.0.0.1", server.getAddress().getPort());
    }

    /** A device with {@code pwd=1}: Basic challenge unless the admin password comes along. */
    static Device passwordProtected(String body) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return request -> expected.equals(request.authorization()) ? Answer.ok(body)
                : new Answer(401, "Basic realm=\"berofos\"", "401 Unauthorized");
    }

    static DeviceIoException deviceFailure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(future::join);
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(DeviceIoException.class);
        DeviceIoException e = (DeviceIoException) thrown.getCause();
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        return e;
    }

    @Nested
    class Reading {

        @Test
        void readsConfigTxtIntoTypedValuesAsLibbnfos() {
            ConfigReading reading = client.readConfig(endpoint()).join();

            assertThat(seen).containsExactly(new Seen("/config.txt", null, "libbnfos"));
            assertThat(reading.magicVersion()).isEqualTo("0.1");
            assertThat(reading.warnings()).isEmpty();
            assertThat(reading.scenario()).isEqualTo(Scenario.BYPASS);
            assertThat(reading.relayMode()).isEqualTo(RelayMode.A_B);
            assertThat(reading.isOn(Key.POWER1)).isTrue();
            assertThat(reading.isOn(Key.POWER2)).isFalse();
            assertThat(reading.get(Key.HOSTNAME)).contains("fos-rack7");
            assertThat(reading.get(Key.ADDRESS)).contains("10.0.0.5");
            assertThat(reading.watchdogState()).isEqualTo(1);
            assertThat(reading.watchdogSecondsLeft()).isEqualTo(42);
        }

        @Test
        void aPasswordProtectedDeviceIsAskedFirstWithoutThenWithBasicCredentials() {
            device = passwordProtected(CONFIG_TXT);

            ConfigReading reading = client.readConfig(endpoint().withCredentials(Credentials.admin(PASSWORD))).join();

            assertThat(reading.scenario()).isEqualTo(Scenario.BYPASS);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).authorization()).isNull();
            assertThat(seen.get(1).authorization()).startsWith("Basic ");
            assertThat(seen.get(1).userAgent()).isEqualTo("libbnfos");
        }

        @Test
        void aDeviceWithoutPasswordNeverSeesTheCredentials() {
            client.readConfig(endpoint().withCredentials(Credentials.admin(PASSWORD))).join();

            assertThat(seen).extracting(Seen::authorization).containsExactly((String) null);
        }

        @Test
        void aWrongPasswordIsBadCredentialsWithoutShowingThePassword() {
            device = passwordProtected(CONFIG_TXT);

            DeviceIoException e = deviceFailure(client.readConfig(endpoint().withCredentials(
                    new Credentials("admin", "wrong-" + PASSWORD))));

            assertThat(e.kind()).isEqualTo(Kind.BAD_CREDENTIALS);
            assertThat(e).hasMessageContaining("Invalid username/password").hasMessageContaining("admin")
                    .hasMessageNotContaining("wrong-");
            assertThat(seen).hasSize(2);
        }

        @Test
        void aProtectedDeviceWithoutCredentialsIsBadCredentials() {
            device = passwordProtected(CONFIG_TXT);

            DeviceIoException e = deviceFailure(client.readConfig(endpoint()));

            assertThat(e.kind()).isEqualTo(Kind.BAD_CREDENTIALS);
            assertThat(e).hasMessageContaining("requires a password");
            assertThat(seen).hasSize(1);
        }

        @Test
        void aBodyWithoutTheMagicLineIsNoConfiguration() {
            device = request -> Answer.ok("<html>berofos</html>\n");

            DeviceIoException e = deviceFailure(client.readConfig(endpoint()));

            assertThat(e.kind()).isEqualTo(Kind.NO_CONFIGURATION);
            assertThat(e).hasMessageStartingWith("No valid configuration information found");
        }

        @Test
        void anotherMagicVersionIsReadWithAWarning() {
            device = request -> Answer.ok("bnfos_confmap_magic=0.2\n1_sz=1\n");

            ConfigReading reading = client.readConfig(endpoint()).join();

            assertThat(reading.scenario()).isEqualTo(Scenario.BYPASS);
            assertThat(reading.warnings()).singleElement().asString().contains("0.2");
        }

        @Test
        void aServerErrorIsAnHttpStatusNamingTheStatus() {
            device = request -> new Answer(500, null, "boom");

            DeviceIoException e = deviceFailure(client.readConfig(endpoint()));

            assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
            assertThat(e).hasMessageContaining("HTTP 500");
        }

        @Test
        void aDeviceThatDoesNotAnswerInTimeIsATimeout() {
            device = request -> {
                release.await(30, TimeUnit.SECONDS);
                return Answer.ok(CONFIG_TXT);
            };
            HttpDeviceClient impatient = new HttpDeviceClient(Duration.ofMillis(300));

            DeviceIoException e = deviceFailure(impatient.readConfig(endpoint()));

            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e).hasMessageEndingWith("within 300 ms");
        }

        @Test
        void aRefusedConnectionIsUnreachable() throws IOException {
            int closedPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = probe.getLocalPort();
            }

            DeviceIoException e = deviceFailure(client.readConfig(DeviceEndpoint.of("127.0.0.1", closedPort)));

            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e).hasMessageContaining("127.0.0.1:" + closedPort);
        }

        @Test
        void anUnknownHostNameIsUnreachable() {
            DeviceIoException e = deviceFailure(client.readConfig(DeviceEndpoint.of("no-such-berofos.invalid", 80)));

            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e).hasMessageContaining("no-such-berofos.invalid");
        }
    }

    @Nested
    class Setting {

        @Test
        void switchingPowerPort1OnSendsTheKeysSetRequest() {
            device = request -> Answer.ok("ok");

            client.set(endpoint(), Key.POWER1, "1").join();

            assertThat(seen).containsExactly(new Seen("/?cmd=5&p=0&s=1", null, "libbnfos"));
        }

        @Test
        void theValueIsUrlEscaped() {
            device = request -> Answer.ok("");

            client.set(endpoint(), Key.SMTPFROM, "fos rack7 <noc@example.com>").join();

            assertThat(seen).extracting(Seen::pathAndQuery)
                    .containsExactly("/?cmd=2&mfrom=fos%20rack7%20%3Cnoc%40example.com%3E");
        }

        @Test
        void anActionIgnoresTheValue() {
            device = request -> Answer.ok("");

            client.set(endpoint(), Key.SMTPTEST, "whatever").join();

            assertThat(seen).extracting(Seen::pathAndQuery).containsExactly("/?cmd=7");
        }

        @Test
        void aReadOnlyKeyOrABadValueIsRefusedBeforeAnythingIsSent() {
            assertThatThrownBy(() -> client.set(endpoint(), Key.WDOGRTIME, "5"))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("read only");
            assertThatThrownBy(() -> client.set(endpoint(), Key.SLGPT, "70000"))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("1 to 65535");
            assertThat(seen).isEmpty();
        }

        @Test
        void settingOnAProtectedDeviceAuthenticatesWhenChallenged() {
            device = passwordProtected("done");

            client.set(endpoint().withCredentials(Credentials.admin(PASSWORD)), Key.WDOG, "0").join();

            assertThat(seen).extracting(Seen::pathAndQuery).containsExactly("/?cmd=6&wen=0", "/?cmd=6&wen=0");
        }

        @Test
        void aRejectedNewAdminPasswordNeverAppearsInTheError() {
            device = request -> new Answer(403, null, "");

            DeviceIoException e = deviceFailure(client.set(endpoint(), Key.APWD, PASSWORD));

            assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
            assertThat(e).hasMessage("Device at " + endpoint().authority() + " answered HTTP 403 to setting apwd");
        }

        @Test
        void anyTwoHundredStatusIsSuccess() {
            device = request -> new Answer(204, null, "");

            client.set(endpoint(), Key.SCENARIO, "0").join();

            assertThat(seen).extracting(Seen::pathAndQuery).containsExactly("/?cmd=1&sz=0");
        }
    }

    @Nested
    class CredentialsAndEndpoints {

        @Test
        void credentialsNeverShowThePassword() {
            Credentials login = Credentials.parse("admin:" + PASSWORD);

            assertThat(login.user()).isEqualTo("admin");
            assertThat(login.password()).isEqualTo(PASSWORD);
            assertThat(login.toString()).doesNotContain(PASSWORD).contains("admin");
            assertThat(endpoint().withCredentials(login).toString()).doesNotContain(PASSWORD);
        }

        @Test
        void aLoginWithoutColonIsRefusedWithoutRepeatingIt() {
            assertThatThrownBy(() -> Credentials.parse(PASSWORD.replace(":", "")))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageNotContaining(PASSWORD.replace(":", ""))
                    .hasMessageContaining("user:password");
        }

        @Test
        void theDeviceUserIsAdmin() {
            assertThat(Credentials.admin("x").user()).isEqualTo("admin").isEqualTo(HttpDeviceClient.DEFAULT_USER);
        }

        @Test
        void anEndpointNeedsAHostAndAValidPort() {
            assertThatThrownBy(() -> DeviceEndpoint.of(" ", 80)).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> DeviceEndpoint.of("fos1", 0)).isInstanceOf(InvalidValueException.class);
            assertThat(DeviceEndpoint.of("fos1.example.net", 8080).authority()).isEqualTo("fos1.example.net:8080");
        }
    }
}
