package io.fosfleet.heartbeat.probe;

import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one check of any kind of probe without blocking a thread: TCP connect, HTTP GET, SIP OPTIONS over UDP, or a
 * look at the latest passive heartbeat. A check always completes, with a failed result when the target did not
 * answer in time.
 */
public final class ProbeChecks implements AutoCloseable {

    private final Vertx vertx;
    private final NetClient tcp;
    private final HttpClient http;
    private final SipOptionsClient sip;
    private final PassiveHeartbeats passive;
    private final Clock clock;

    public ProbeChecks(Vertx vertx, PassiveHeartbeats passive, Clock clock) {
        this.vertx = vertx;
        this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(60_000));
        // No pooled keep-alive connection: a probe must see a node that stopped accepting connections.
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        this.sip = new SipOptionsClient(vertx);
        this.passive = passive;
        this.clock = clock;
    }

    public CompletableFuture<CheckResult> check(Probe probe, PairConfig.Node node) {
        return switch (probe.type()) {
            case TCP -> tcp(probe.host(), probe.port(), probe.timeout());
            case HTTP -> http(probe);
            case SIP_OPTIONS -> sip.options(probe.host(), probe.port(), probe.timeout());
            case PASSIVE -> CompletableFuture.completedFuture(passive(node.name(), probe.timeout()));
        };
    }

    private CompletableFuture<CheckResult> tcp(String host, int port, Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        String target = "TCP " + host + ":" + port;
        long millis = Math.max(1, timeout.toMillis());
        // One shared client has one connect timeout; each probe's own timeout is a timer.
        long timer = vertx.setTimer(millis, id -> result.complete(CheckResult.failed(target + ": not accepted within "
                + millis + " ms")));
        long started = System.nanoTime();
        tcp.connect(port, host)
                .onSuccess(socket -> {
                    socket.close();
                    result.complete(CheckResult.ok(target + " accepted in " + millisSince(started) + " ms"));
                })
                .onFailure(e -> result.complete(CheckResult.failed(target + ": " + reason(e))));
        result.whenComplete((r, e) -> vertx.cancelTimer(timer));
        return result;
    }

    private CompletableFuture<CheckResult> http(Probe probe) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        String target = "HTTP " + probe.host() + ":" + probe.port() + probe.path();
        long millis = Math.max(1, probe.timeout().toMillis());
        long timer = vertx.setTimer(millis, id -> result.complete(CheckResult.failed(target + ": no answer within "
                + millis + " ms")));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(probe.host())
                .setPort(probe.port()).setURI(probe.path()).setConnectTimeout(millis).setIdleTimeout(millis);
        http.request(request)
                .compose(r -> r.send())
                .onSuccess(response -> {
                    int status = response.statusCode();
                    boolean ok = probe.expectedStatus() == null ? status / 100 == 2 : status == probe.expectedStatus();
                    result.complete(new CheckResult(ok, target + ": " + status
                            + (ok ? "" : ", expected " + (probe.expectedStatus() == null ? "2xx" : probe.expectedStatus()))));
                })
                .onFailure(e -> result.complete(CheckResult.failed(target + ": " + reason(e))));
        result.whenComplete((r, e) -> vertx.cancelTimer(timer));
        return result;
    }

    private CheckResult passive(String node, Duration deadline) {
        Instant now = clock.instant();
        return passive.latest(node)
                .map(at -> {
                    Duration age = Duration.between(at, now);
                    return age.compareTo(deadline) <= 0
                            ? CheckResult.ok("heartbeat of " + node + " " + age.toMillis() + " ms ago")
                            : CheckResult.failed("no heartbeat of " + node + " for " + age.toMillis() + " ms, deadline "
                                    + deadline.toMillis() + " ms");
                })
                .orElseGet(() -> CheckResult.failed("no heartbeat of " + node + " seen yet"));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        tcp.close();
        http.close();
        sip.close();
    }
}
