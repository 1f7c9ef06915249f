package io.fosfleet.simulator;

import static io.fosfleet.simulator.TestDevices.MAC;
import static io.fosfleet.simulator.TestDevices.frame;
import static io.fosfleet.simulator.TestDevices.gbl4;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control API: devices and nodes listed, devices powered and degraded, node services stopped and slowed. */
class ControlApiTest {

    static final byte[] PING = frame("09 001932000058 0000");

    static Simulator sim;
    static SimulatedDevice fos;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimulatorConfig.of(TestDevices.specs(2, Map.of()))
                .withNodes(NodeSpec.series(1, SimulatorConfig.randomLoopbackBlock()))
                .withControlApi("127.0.0.1", 0));
        fos = sim.device(MAC);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void listsDevicesWithLedsBeeperAndAlarm() throws Exception {
        JsonArray devices = new JsonArray(call("GET", "/devices", null).body());

        assertThat(devices).hasSize(2);
        JsonObject first = devices.getJsonObject(0);
        assertThat(first.getString("mac")).isEqualTo("00:19:32:00:00:58");
        assertThat(first.getString("address")).isEqualTo(fos.address().toString());
        assertThat(first.getString("mode")).isEqualTo("operational");
        assertThat(first.getString("relay")).isEqualTo("A-D");
        assertThat(first.getJsonObject("leds").getString("d")).isEqualTo("green");
        assertThat(first.getJsonObject("leds").getString("fail")).isEqualTo("off");
        assertThat(first.getJsonObject("beeper").getInteger("beeps")).isEqualTo(1);
        assertThat(first.getJsonObject("beeper").getBoolean("alarm")).isFalse();
        assertThat(devices.getJsonObject(1).getString("mac")).isEqualTo("00:19:32:00:00:59");
    }

    @Test
    void powersADeviceOffOnAndIntoFlashMode() throws Exception {
        String path = "/devices/" + MAC;

        assertThat(json(call("POST", path + "/power-off", null)).getString("mode")).isEqualTo("off");
        assertThat(gbl4(fos.address(), PING)).isEmpty();
        assertThat(json(call("POST", path + "/power-on", null)).getString("mode")).isEqualTo("operational");
        assertThat(gbl4(fos.address(), PING)).isPresent();
        JsonObject flash = json(call("POST", path + "/power-cycle", "{\"flashKey\":true}"));
        assertThat(flash.getString("mode")).isEqualTo("flash");
        assertThat(flash.getJsonObject("leds").getString("d")).isEqualTo("red-blinking");
        assertThat(json(call("POST", path + "/power-cycle", null)).getString("mode")).isEqualTo("operational");
    }

    @Test
    void cutsDropsAndDelaysADevicesNetwork() throws Exception {
        String network = "/devices/" + MAC + "/network";
        try {
            call("PUT", network, "{\"cut\":true}");
            assertThat(gbl4(fos.address(), PING)).isEmpty();
            call("PUT", network, "{\"dropPercent\":100}");
            assertThat(gbl4(fos.address(), PING)).isEmpty();
            JsonObject slow = json(call("PUT", network, "{\"latencyMs\":300}"));
            assertThat(slow.getJsonObject("network").getLong("latencyMs")).isEqualTo(300);
            long start = System.nanoTime();
            assertThat(gbl4(fos.address(), PING)).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        } finally {
            call("PUT", network, "{}");
        }
        assertThat(gbl4(fos.address(), PING)).isPresent();
    }

    @Test
    void switchesTheWebServersChallengeBetweenBasicAndDigest() throws Exception {
        String auth = "/devices/" + MAC + "/http-auth";
        try {
            assertThat(call("PUT", auth, "{\"scheme\":\"digest\"}").statusCode()).isEqualTo(200);
            assertThat(sim.device(MAC).httpAuth()).isEqualTo(HttpAuth.DIGEST);
            HttpResponse<String> bad = call("PUT", auth, "{\"scheme\":\"ntlm\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("ntlm", "basic or digest");
            assertThat(sim.device(MAC).httpAuth()).isEqualTo(HttpAuth.DIGEST);
        } finally {
            call("PUT", auth, "{\"scheme\":\"basic\"}");
        }
        assertThat(sim.device(MAC).httpAuth()).isEqualTo(HttpAuth.BASIC);
    }

    @Test
    void stopsStartsAndSlowsNodeServices() throws Exception {
        JsonObject stopped = json(call("POST", "/nodes/node1/stop", "{\"services\":[\"sip\"]}"));
        assertThat(stopped.getJsonObject("running").getBoolean("sip")).isFalse();
        assertThat(stopped.getJsonObject("running").getBoolean("http")).isTrue();
        assertThat(sim.node("node1").running(PbxNode.Service.SIP)).isFalse();

        assertThat(json(call("POST", "/nodes/node1/start", null)).getJsonObject("running").getBoolean("sip")).isTrue();
        assertThat(json(call("PUT", "/nodes/node1/delay", "{\"delayMs\":250}")).getLong("delayMs")).isEqualTo(250);
        assertThat(sim.node("node1").delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(new JsonArray(call("GET", "/nodes", null).body())).hasSize(1);
    }

    @Test
    void unknownDevicesAndBadInputAreClearErrors() throws Exception {
        assertThat(call("GET", "/devices/00:19:32:00:00:99", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/devices/not-a-mac", null).statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/devices/" + MAC + "/network", "{\"dropPercent\":101}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/nodes/node1/stop", "{\"services\":[\"ftp\"]}").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/nodes/nobody", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/devices", null).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.controlPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
        return TestDevices.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }
}
