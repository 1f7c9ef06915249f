package io.fosfleet.simulator;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.MacAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The simulator's HTTP JSON control API, for tests and demos: list devices and nodes; power a device off, on or
 * through a cycle (optionally with the flash key); degrade its network; read its LEDs, beeper and alarm; stop, start
 * and slow PBX node services. Routes are listed in the module README.
 */
final class ControlApi {

    private final Vertx vertx;
    private final Simulator sim;

    ControlApi(Vertx vertx, Simulator sim) {
        this.vertx = vertx;
        this.sim = sim;
    }

    Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(req -> req.body()
                .onSuccess(body -> route(req, body))
                .onFailure(e -> send(req, 400, error(e.getMessage())))).listen(port, host);
    }

    private void route(HttpServerRequest req, Buffer body) {
        String[] path = req.path().replaceAll("/+$", "").split("/");
        HttpMethod method = req.method();
        try {
            JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            if (path.length == 2 && path[1].equals("devices") && method == HttpMethod.GET) {
                JsonArray all = new JsonArray();
                sim.devices().forEach(d -> all.add(toJson(d.status())));
                send(req, 200, all.encodePrettily());
            } else if (path.length >= 3 && path[1].equals("devices")) {
                device(req, method, path, json, sim.device(MacAddress.parse(path[2])));
            } else if (path.length == 2 && path[1].equals("nodes") && method == HttpMethod.GET) {
                JsonArray all = new JsonArray();
                sim.nodes().forEach(n -> all.add(n.toJson()));
                send(req, 200, all.encodePrettily());
            } else if (path.length >= 3 && path[1].equals("nodes")) {
                node(req, method, path, json, sim.node(path[2]));
            } else {
                send(req, 404, error("no such route: " + method + " " + req.path()));
            }
        } catch (NoSuchElementException e) {
            send(req, 404, error(e.getMessage()));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            send(req, 400, error(e.getMessage()));
        }
    }

    private void device(HttpServerRequest req, HttpMethod method, String[] path, JsonObject json, SimulatedDevice d) {
        String action = path.length == 4 ? path[3] : "";
        boolean flashKey = json.getBoolean("flashKey", false);
        if (path.length == 3 && method == HttpMethod.GET) {
            send(req, 200, toJson(d.status()).encodePrettily());
        } else if (method == HttpMethod.POST && action.equals("power-off")) {
            answer(req, d.powerOffAsync(), d);
        } else if (method == HttpMethod.POST && action.equals("power-on")) {
            answer(req, d.powerOnAsync(flashKey), d);
        } else if (method == HttpMethod.POST && action.equals("power-cycle")) {
            answer(req, d.powerCycleAsync(flashKey), d);
        } else if (method == HttpMethod.PUT && action.equals("http-auth")) {
            String scheme = json.getString("scheme", "");
            try {
                d.httpAuth(HttpAuth.valueOf(scheme.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("scheme", scheme, "basic or digest");
            }
            send(req, 200, toJson(d.status()).encodePrettily());
        } else if (method == HttpMethod.PUT && action.equals("network")) {
            d.network(new NetworkConditions(json.getBoolean("cut", false), json.getInteger("dropPercent", 0),
                    Duration.ofMillis(json.getLong("latencyMs", 0L))));
            send(req, 200, toJson(d.status()).encodePrettily());
        } else {
            send(req, 404, error("no such route: " + method + " " + req.path()));
        }
    }

    private void node(HttpServerRequest req, HttpMethod method, String[] path, JsonObject json, PbxNode n) {
        String action = path.length == 4 ? path[3] : "";
        if (path.length == 3 && method == HttpMethod.GET) {
            send(req, 200, n.toJson().encodePrettily());
        } else if (method == HttpMethod.POST && action.equals("stop")) {
            answer(req, n.stopAsync(services(json)), n);
        } else if (method == HttpMethod.POST && action.equals("start")) {
            answer(req, n.startAsync(services(json)), n);
        } else if (method == HttpMethod.PUT && action.equals("delay")) {
            n.delay(Duration.ofMillis(json.getLong("delayMs", 0L)));
            send(req, 200, n.toJson().encodePrettily());
        } else {
            send(req, 404, error("no such route: " + method + " " + req.path()));
        }
    }

    /** {@code {"services": ["sip", "http"]}}; all services when absent. */
    private static Set<PbxNode.Service> services(JsonObject json) {
        JsonArray names = json.getJsonArray("services");
        if (names == null || names.isEmpty()) {
            return EnumSet.allOf(PbxNode.Service.class);
        }
        Set<PbxNode.Service> services = EnumSet.noneOf(PbxNode.Service.class);
        for (Object name : names) {
            try {
                services.add(PbxNode.Service.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("services", String.valueOf(name), "tcp, http or sip");
            }
        }
        return services;
    }

    private void answer(HttpServerRequest req, Future<Void> done, SimulatedDevice d) {
        done.onComplete(ar -> {
            if (ar.succeeded()) {
                send(req, 200, toJson(d.status()).encodePrettily());
            } else {
                send(req, 500, error(ar.cause().getMessage()));
            }
        });
    }

    private void answer(HttpServerRequest req, Future<Void> done, PbxNode n) {
        done.onComplete(ar -> send(req, ar.succeeded() ? 200 : 500,
                ar.succeeded() ? n.toJson().encodePrettily() : error(ar.cause().getMessage())));
    }

    static JsonObject toJson(DeviceStatus s) {
        Leds l = s.leds();
        return new JsonObject()
                .put("mac", s.mac().toString())
                .put("address", s.address().toString())
                .put("httpPort", s.httpPort())
                .put("mode", s.mode().name().toLowerCase(Locale.ROOT))
                .put("scenario", s.scenario().deviceName().toLowerCase(Locale.ROOT))
                .put("relay", s.connections())
                .put("power1", s.power1())
                .put("power2", s.power2())
                .put("watchdog", new JsonObject().put("state", s.watchdogState())
                        .put("secondsLeft", s.watchdogSecondsLeft()))
                .put("leds", new JsonObject().put("power", l.power()).put("a", l.a()).put("b", l.b()).put("c", l.c())
                        .put("d", l.d()).put("pw1", l.pw1()).put("pw2", l.pw2()).put("fail", l.fail()))
                .put("beeper", new JsonObject().put("beeps", s.beeper().beeps()).put("alarm", s.beeper().alarm()))
                .put("network", new JsonObject().put("cut", s.network().cut())
                        .put("dropPercent", s.network().dropPercent())
                        .put("latencyMs", s.network().latency().toMillis()))
                .put("firmware", s.firmwareVersion());
    }

    private static String error(String message) {
        return new JsonObject().put("error", message).encode();
    }

    private static void send(HttpServerRequest req, int status, String json) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json + "\n");
    }
}
