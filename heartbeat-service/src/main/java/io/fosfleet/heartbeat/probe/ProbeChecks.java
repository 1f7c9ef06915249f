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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one check of any kind of probe without blocking a thread: TCP connect, HTTP GET, SIP OPTIONS over UDP, or a
 * look at the latest passive heartbeat. A check always completes: with a failed result when the target refused or
 * answered wrongly, a timed-out one when it did not answer in time. While a check runs, its event loop's own delays
 * go to {@link LocalStalls}: how late the timeout fired, and how long a task posted right after the request was sent
 * waited for its turn (the request itself waited about as long before it went out).
 */
public final class ProbeChecks implements AutoCloseable {

    private final Vertx vertx;
    private final NetClient tcp;
    private final HttpClient http;
    private final SipOptionsClient sip;
    private final PassiveHeartbeats passive;
    private final Clock clock;
    private final LocalStalls stalls;

    public ProbeChecks(Vertx vertx, PassiveHeartbeats passive, Clock clock) {
        this(vertx, passive, clock, new LocalStalls(System::nanoTime));
    }

    public ProbeChecks(Vertx vertx, PassiveHeartbeats passive, Clock clock, LocalStalls stalls) {
        this.vertx = vertx;
        this.stalls = stalls;
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
            case SIP_OPTIONS -> sip(probe);
            case PASSIVE -> CompletableFuture.completedFuture(passive(node.name(), probe.timeout()));
        };
    }

    private CompletableFuture<CheckResult> tcp(String host, int port, Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        String target = "TCP " + host + ":" + port;
        long millis = Math.max(1, timeout.toMillis());
        long started = System.nanoTime();
        // One shared client has one connect timeout; each probe's own timeout is a timer.
        Runnable canary = timeout(result, millis, target + ": not accepted within " + millis + " ms");
        tcp.connect(port, host)
                .onSuccess(socket -> {
                    socket.close();
                    result.complete(CheckResult.ok(target + " accepted in " + millisSince(started) + " ms"));
                })
                .onFailure(e -> result.complete(CheckResult.failed(target + ": " + reason(e))));
        canary.run();
        return result;
    }

    private CompletableFuture<CheckResult> http(Probe probe) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        String target = "HTTP " + probe.host() + ":" + probe.port() + probe.path();
        long millis = Math.max(1, probe.timeout().toMillis());
        Runnable canary = timeout(result, millis, target + ": no answer within " + millis + " ms");
        // The client's own timeouts come after the probe's, so that a silent target is always a timeout of ours.
        long clientTimeout = millis + 1000;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(probe.host())
                .setPort(probe.port()).setURI(probe.path()).setConnectTimeout(clientTimeout)
                .setIdleTimeout(clientTimeout);
        http.request(request)
                .compose(r -> r.send())
                .onSuccess(response -> {
                    int status = response.statusCode();
                    boolean ok = probe.expectedStatus() == null ? status / 100 == 2 : status == probe.expectedStatus();
                    String detail = target + ": " + status + (ok ? "" : ", expected "
                            + (probe.expectedStatus() == null ? "2xx" : probe.expectedStatus()));
                    result.complete(ok ? CheckResult.ok(detail) : CheckResult.failed(detail));
                })
                .onFailure(e -> result.complete(CheckResult.failed(target + ": " + reason(e))));
        canary.run();
        return result;
    }

    private CompletableFuture<CheckResult> sip(Probe probe) {
        long millis = Math.max(1, probe.timeout().toMillis());
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        Runnable canary = timeout(result, millis, "no SIP answer from " + probe.host() + ":" + probe.port()
                + " within " + millis + " ms");
        sip.options(probe.host(), probe.port(), result);
        canary.run();
        return result;
    }

    /**
     * Arms the check's timeout: a timed-out result after {@code millis}, noting how late the timer fired. Returns the
     * canary to post once the request is on its way: it notes how long it waited for the event loop; the timeout
     * notes it as still waiting if it has not run by then.
     */
    private Runnable timeout(CompletableFuture<CheckResult> result, long millis, String detail) {
        long due = stalls.now() + TimeUnit.MILLISECONDS.toNanos(millis);
        AtomicBoolean canaryRan = new AtomicBoolean();
        AtomicLong posted = new AtomicLong();
        long timer = vertx.setTimer(millis, id -> {
            long fired = stalls.now();
            stalls.observe(due, fired);
            if (posted.get() != 0 && canaryRan.compareAndSet(false, true)) {
                stalls.observe(posted.get(), fired);
            }
            result.complete(CheckResult.timedOut(detail));
        });
        result.whenComplete((r, e) -> vertx.cancelTimer(timer));
        return () -> {
            posted.set(stalls.now());
            vertx.runOnContext(v -> {
                if (canaryRan.compareAndSet(false, true)) {
                    stalls.observe(posted.get(), stalls.now());
                }
            });
        };
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
