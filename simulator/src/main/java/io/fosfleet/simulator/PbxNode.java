package io.fosfleet.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One simulated telephone system behind a berofos pair, for health-gated failover: a TCP port that accepts
 * connections, an HTTP health endpoint ({@code GET /health}: 200 {@code {"status":"UP"}}) and a SIP OPTIONS responder
 * on UDP. Each service can be stopped and started (a stopped TCP or HTTP port refuses connections, a stopped SIP
 * port answers nothing), and the node can be slowed: HTTP and SIP answers then wait for the delay. A TCP connect is
 * completed by the kernel and cannot be slowed; stop the TCP service to make a TCP probe fail.
 */
public final class PbxNode {

    /** A health surface of the node. */
    public enum Service { TCP, HTTP, SIP }

    private static final Logger LOG = Logger.getLogger("io.fosfleet.simulator.node");

    private final Vertx vertx;
    private final NodeSpec spec;
    private final String toTag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private volatile NetServer tcp;
    private volatile HttpServer http;
    private volatile DatagramSocket sip;
    private volatile Duration delay = Duration.ZERO;
    private Future<Void> lifecycle = Future.succeededFuture();

    PbxNode(Vertx vertx, NodeSpec spec) {
        this.vertx = vertx;
        this.spec = spec;
    }

    public String name() {
        return spec.name();
    }

    public NodeSpec spec() {
        return spec;
    }

    public boolean running(Service service) {
        return switch (service) {
            case TCP -> tcp != null;
            case HTTP -> http != null;
            case SIP -> sip != null;
        };
    }

    public Duration delay() {
        return delay;
    }

    /** Starts the given services (all when none given); running ones stay as they are. Blocks until listening. */
    public void start(Service... services) {
        Simulator.await(startAsync(of(services)), this + ": start");
    }

    /** Stops the given services (all when none given). Blocks until closed. */
    public void stop(Service... services) {
        Simulator.await(stopAsync(of(services)), this + ": stop");
    }

    /** Slows every HTTP and SIP answer down by {@code delay} (zero: answer at once). */
    public void delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        this.delay = delay;
        log("answers delayed by " + delay.toMillis() + " ms");
    }

    @Override
    public String toString() {
        return "pbx " + spec.name() + " " + spec.address();
    }

    JsonObject toJson() {
        JsonObject services = new JsonObject();
        for (Service s : Service.values()) {
            services.put(s.name().toLowerCase(Locale.ROOT), running(s));
        }
        return new JsonObject().put("name", spec.name()).put("address", spec.address().toString())
                .put("tcpPort", spec.tcpPort()).put("httpPort", spec.httpPort()).put("sipPort", spec.sipPort())
                .put("running", services).put("delayMs", delay.toMillis());
    }

    Future<Void> startAsync(Set<Service> services) {
        return enqueue(() -> doStart(services));
    }

    Future<Void> stopAsync(Set<Service> services) {
        return enqueue(() -> doStop(services));
    }

    /** Starts and stops run one after the other, so each sees what the previous one left running. */
    private synchronized Future<Void> enqueue(Supplier<Future<Void>> operation) {
        lifecycle = lifecycle.transform(previous -> operation.get());
        return lifecycle;
    }

    private Future<Void> doStart(Set<Service> services) {
        String host = spec.address().toString();
        List<Future<?>> started = new ArrayList<>();
        if (services.contains(Service.TCP) && tcp == null) {
            started.add(Binding.retrying(vertx, () -> {
                NetServer server = vertx.createNetServer(new NetServerOptions().setIdleTimeout(60));
                // Accepting is all a TCP probe checks; the connection stays open until the prober closes it.
                server.connectHandler(socket -> socket.handler(ignored -> { }));
                return server.listen(spec.tcpPort(), host);
            }).onSuccess(server -> tcp = server));
        }
        if (services.contains(Service.HTTP) && http == null) {
            started.add(Binding.retrying(vertx, () -> vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
                    .requestHandler(this::onHealth).listen(spec.httpPort(), host)).onSuccess(server -> http = server));
        }
        if (services.contains(Service.SIP) && sip == null) {
            started.add(Binding.retrying(vertx, () -> {
                DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
                socket.handler(this::onSip);
                return socket.listen(spec.sipPort(), host);
            }).onSuccess(socket -> sip = socket));
        }
        if (started.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.all(started).<Void>mapEmpty().onSuccess(ok -> log(services + " started"))
                .recover(e -> Future.failedFuture(new IllegalStateException(this + ": cannot start " + services
                        + ": " + e.getMessage(), e)));
    }

    private Future<Void> doStop(Set<Service> services) {
        List<Future<?>> stopped = new ArrayList<>();
        if (services.contains(Service.TCP) && tcp != null) {
            stopped.add(tcp.close());
            tcp = null;
        }
        if (services.contains(Service.HTTP) && http != null) {
            stopped.add(http.close());
            http = null;
        }
        if (services.contains(Service.SIP) && sip != null) {
            stopped.add(sip.close());
            sip = null;
        }
        if (!stopped.isEmpty()) {
            log(services + " stopped");
        }
        return Future.join(stopped).mapEmpty();
    }

    private void onHealth(HttpServerRequest req) {
        later(() -> {
            if (req.path().equals("/health")) {
                req.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", "UP").put("node", spec.name()).encode());
            } else {
                req.response().setStatusCode(404).end();
            }
        });
    }

    private void onSip(DatagramPacket packet) {
        DatagramSocket socket = sip;
        String request = packet.data().toString(StandardCharsets.UTF_8);
        SipMessages.answer(request, toTag, "fosfleet-simulator " + spec.name()).ifPresent(answer -> later(() -> {
            LOG.fine(() -> this + ": answered SIP " + request.split(" ", 2)[0] + " from " + packet.sender());
            if (socket != null) {
                socket.send(Buffer.buffer(answer, "UTF-8"), packet.sender().port(), packet.sender().hostAddress());
            }
        }));
    }

    private void later(Runnable action) {
        long millis = delay.toMillis();
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, id -> action.run());
        }
    }

    private void log(String message) {
        LOG.info(() -> this + ": " + message);
    }

    static Set<Service> of(Service... services) {
        return services.length == 0 ? EnumSet.allOf(Service.class) : EnumSet.of(services[0], services);
    }
}
