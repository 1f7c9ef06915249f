package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static io.fosfleet.simulator.TestDevices.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.http.ConfigReading;
import io.fosfleet.protocol.http.ConfigTxt;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import io.fosfleet.testing.sinks.SmtpSink;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP exchanges of docs/protocol.md §2: config.txt, the set requests, authentication, and the web page. */
class HttpTest {

    final HttpDeviceClient client = new HttpDeviceClient(Duration.ofSeconds(3));
    Simulator sim;
    SimulatedDevice fos;
    DeviceEndpoint endpoint;

    @BeforeEach
    void start() {
        sim = TestDevices.one(Map.of());
        fos = sim.device(MAC);
        endpoint = DeviceEndpoint.of(fos.address().toString(), fos.httpPort());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void configTxtIsTheMagicLineThenEveryReadableKeyInTableOrder() throws Exception {
        HttpResponse<String> response = get(fos, "/config.txt");
        String body = response.body();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(body).startsWith("bnfos_confmap_magic=0.1\n").endsWith("\n").doesNotContain("\r");
        List<String> keys = new ArrayList<>();
        for (String line : body.split("\n")) {
            keys.add(line.substring(0, line.indexOf('=')));
        }
        List<String> expected = new ArrayList<>(List.of(ConfigTxt.MAGIC_KEY));
        for (Key key : Key.values()) {
            if (key.readable()) {
                expected.add(key.configKey());
            }
        }
        assertThat(keys).isEqualTo(expected);
        assertThat(ConfigTxt.format(ConfigTxt.parse(body).values())).isEqualTo(body);
        assertThat(body).contains("3_ip=" + fos.address() + "\n", "3_port=8080\n", "3_dhcp=0\n", "6_wstate=0\n");
    }

    @Test
    void everyWritableKeyIsChangedByItsSetRequestAndReadBack() throws Exception {
        // pwd=1 comes along the way: from then on the client answers the challenge.
        client.set(endpoint, Key.APWD, "s3cret").get();
        DeviceEndpoint endpoint = this.endpoint.withCredentials(Credentials.admin("s3cret"));
        ConfigReading before = client.readConfig(endpoint).get();
        for (Key key : Key.values()) {
            if (!key.readable() || !key.writable() || key == Key.WDOGSTATE) {
                continue;
            }
            String value = switch (key.type()) {
                case BOOL -> before.isOn(key) ? "0" : "1";
                case HOST -> "fos-rack7";
                // Loopback only: syslog goes out to whatever address is set here.
                case IPV4 -> "127.3.2.1";
                case PORT -> "8443";
                case TEXT -> "noc@example.org";
                default -> throw new AssertionError(key + " has an unexpected type " + key.type());
            };
            client.set(endpoint, key, value).get();
            assertThat(client.readConfig(endpoint).get().get(key)).as(key.keyword()).hasValue(value);
        }
        assertThat(fos.httpPort()).as("the port takes effect at the next restart").isEqualTo(8080);
    }

    @Test
    void badValuesAreRefusedWith400AndChangeNothing() throws Exception {
        String before = get(fos, "/config.txt").body();

        for (String query : List.of("cmd=4&mode=2", "cmd=3&ip=10.0.0.256", "cmd=2&wintv=0", "cmd=3&port=65536",
                "cmd=3&apwd=sixteen-chars-xx", "cmd=3&dn=ok-name&ip=bad", "cmd=5&p=2&s=1", "cmd=9&x=1",
                "cmd=4&mode=1&bogus=1", "cmd=abc")) {
            HttpResponse<String> response = get(fos, "/?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
        }
        assertThat(get(fos, "/?cmd=3&apwd=sixteen-chars-xx").body()).doesNotContain("sixteen-chars-xx");
        assertThat(get(fos, "/config.txt").body()).isEqualTo(before);
    }

    @Test
    void withPasswordProtectionEveryRequestNeedsTheAdminPassword() throws Exception {
        client.set(endpoint, Key.APWD, "s3cret").get();
        client.set(endpoint, Key.PWD, "1").get();

        HttpResponse<String> challenge = get(fos, "/config.txt");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"berofos\"");
        assertThat(get(fos, "/?cmd=4&mode=1").statusCode()).isEqualTo(401);
        assertThat(fos.status().relayMode().wireValue()).isZero();
        assertThat(get(fos, "/config.txt", basic("admin", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get(fos, "/config.txt", basic("root", "s3cret")).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get(fos, "/config.txt", basic("admin", "s3cret"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("3_pwd=1\n").doesNotContain("s3cret");

        DeviceEndpoint withPassword = endpoint.withCredentials(Credentials.admin("s3cret"));
        client.set(withPassword, Key.MODE, "1").get();
        assertThat(client.readConfig(withPassword).get().isOn(Key.MODE)).isTrue();
        assertThatThrownBy(() -> client.readConfig(endpoint).get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(DeviceIoException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeviceIoException.Kind.BAD_CREDENTIALS));
    }

    @Test
    void theWebPageShowsTheStateAndItsFormsSendTheSetRequests() throws Exception {
        client.set(endpoint, Key.APWD, "s3cret").get();
        String page = get(fos, "/").body();

        assertThat(page).contains("Relay-Mode", "Scenario Config", "Powerports", "Watchdog Config", "Network Config",
                "Mail / Alerts", "switch: A-B", "refresh");
        assertThat(page).contains("<b id=\"connections\">A-D</b>", "<b id=\"wdogstate\">off</b>");
        for (int cmd : new int[] {1, 2, 3, 4, 5, 6, 7}) {
            assertThat(page).as("a form for cmd=" + cmd).contains("name=\"cmd\" value=\"" + cmd + "\"");
        }

        // The network form sends every field at once; the empty password field leaves the password alone.
        HttpResponse<String> saved = get(fos, "/?cmd=3&dhcp=0&dn=rack7-fos&ip=" + fos.address()
                + "&nm=255.0.0.0&gw=0.0.0.0&dns=127.0.0.53&port=8080&pwd=1&apwd=");
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("saved", "berofos rack7-fos");
        assertThat(get(fos, "/config.txt", basic("admin", "s3cret")).body()).contains("3_dn=rack7-fos\n",
                "3_dns=127.0.0.53\n");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get(fos, "/cgi-bin/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = TestDevices.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://" + fos.address() + ":8080/?cmd=4&mode=1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void smtptestSendsATestMailFromTheDevice() throws Exception {
        try (SmtpSink smtp = SmtpSink.start()) {
            client.set(endpoint, Key.SMTPSERV, smtp.hostAndPort()).get();
            client.set(endpoint, Key.SMTPFROM, "fos@example.org").get();
            client.set(endpoint, Key.SMTPTO, "noc@example.org").get();
            client.set(endpoint, Key.SMTPTEST, "").get();

            SmtpSink.Mail mail = smtp.awaitSubject("berofos berofos: test mail", Duration.ofSeconds(5));
            assertThat(mail.from()).isEqualTo("fos@example.org");
            assertThat(mail.to()).containsExactly("noc@example.org");
            assertThat(mail.body()).contains(MAC.toString());
            assertThat(mail.client().getAddress()).isEqualTo(fos.address().toInetAddress());
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
