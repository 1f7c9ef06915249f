package io.fosfleet.heartbeat.pair;

import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.Limits;
import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import io.fosfleet.heartbeat.failover.FailoverCommands;
import io.fosfleet.heartbeat.kick.KickScheduler;
import io.fosfleet.heartbeat.probe.CheckResult;
import io.fosfleet.heartbeat.probe.Health;
import io.fosfleet.heartbeat.probe.LocalStalls;
import io.fosfleet.heartbeat.probe.ProbeState;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.MacAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * One owned pair at run time: it probes the primary, turns the probes' verdicts into the primary's health, kicks the
 * watchdog while — and only while — the primary is healthy and the pair is not in maintenance, and follows the pair's
 * failover policy when the health changes. Every change is published as a heartbeat event.
 */
final class Pair {

    private static final Logger LOG = Logger.getLogger(Pair.class);

    /** Where a kick goes. */
    private record KickTarget(InetAddress host, MacAddress mac) {
    }

    private final DeviceId deviceId;
    private final PairContext ctx;
    private volatile PairConfig pair;
    private DeviceConfig device;
    private int partition;
    private Map<Probe, ProbeRun> probes = new LinkedHashMap<>();
    private Health verdict = Health.UNKNOWN;
    private long kickAllowedAt;
    private long startDelayTimer = -1;
    /** Kicking stopped because the primary went down; what happens when it is back depends on the policy. */
    private boolean failedOver;
    /** The pair left maintenance: re-arm and relay back to A–B once kicking resumes. */
    private boolean restoreOnResume;
    private KickTarget target;
    private String kickError;
    private KickScheduler.Handle kick;
    private HeartbeatEvent.Type lastKickEvent;
    private long releaseTimer = -1;
    private boolean stopped;
    private long kicksAnswered;
    private long kicksFailed;
    /** Wall-clock millis of the last acknowledged kick, -1 before the first: a long, so a kick allocates nothing. */
    private long lastKickAnsweredMillis = -1;
    private String lastKickResult;
    /** Wall-clock millis when kicking last stopped, -1 when it never ran here. */
    private long kicksStoppedMillis = -1;
    /** What the last published kick summary said (null before the first), and when it went out (nano time). */
    private String summaryShape;
    private long summaryAt;

    Pair(DeviceId deviceId, PairContext ctx) {
        this.deviceId = deviceId;
        this.ctx = ctx;
    }

    DeviceId deviceId() {
        return deviceId;
    }

    synchronized int partition() {
        return partition;
    }

    /**
     * Starts probing and, once the primary is healthy, kicking.
     *
     * @param newPair the pair appeared while this replica owned its partition: the start delay applies. A pair taken
     *                over with its partition was being kicked by another replica a moment ago and is kicked at once.
     */
    synchronized void start(PairConfig config, DeviceConfig device, int partition, boolean newPair) {
        this.pair = config;
        this.device = device;
        this.partition = partition;
        resolveTarget();
        Duration delay = newPair ? config.startDelay() : Duration.ZERO;
        kickAllowedAt = System.nanoTime() + delay.toNanos();
        if (!delay.isZero()) {
            startDelayTimer = ctx.vertx().setTimer(Math.max(1, delay.toMillis()), id -> {
                synchronized (this) {
                    startDelayTimer = -1;
                    evaluate();
                }
            });
        }
        if (!config.maintenance()) {
            publish(HeartbeatEvent.Type.STARTING, (newPair ? "new pair" : "pair taken over") + ": kicking "
                    + (delay.isZero() ? "starts" : "starts after " + millis(delay) + " ms") + " once the primary "
                    + config.primary().name() + " is healthy", timingDetails());
        }
        syncProbes();
        evaluate();
        summaryChanged();
    }

    /** Takes a changed configuration; what did not change keeps running (probe verdicts, the kick phase). */
    synchronized void update(PairConfig config, DeviceConfig device, int partition) {
        PairConfig before = this.pair;
        boolean targetChanged = !this.device.host().equals(device.host()) || !this.device.mac().equals(device.mac());
        this.pair = config;
        this.device = device;
        this.partition = partition;
        if (targetChanged) {
            resolveTarget();
        }
        if (kick != null && (targetChanged || !before.kickInterval().equals(config.kickInterval()))) {
            kick.cancel();
            kick = target == null ? null : startKicks();
        }
        syncProbes();
        if (!before.maintenance() && config.maintenance()) {
            stopKicking();
            failedOver = false;
            restoreOnResume = false;
            publish(HeartbeatEvent.Type.STOPPED, "maintenance: failed over on purpose, not kicked",
                    Map.of("reason", "maintenance"));
            ctx.publisher().command(ctx.commands().switchRelay(deviceId, FailoverCommands.MODE_SECONDARY,
                    "pair " + config.pairId() + " entered maintenance"));
        } else if (before.maintenance() && !config.maintenance()) {
            restoreOnResume = true;
            publish(HeartbeatEvent.Type.STARTING, "maintenance ended: re-arm, relay A-B and kicking once the primary "
                    + config.primary().name() + " is healthy", timingDetails());
        }
        evaluate();
        summaryChanged();
    }

    /** The pair's partition moved away: keep kicking for the grace period (overlap, never a gap), then stop. */
    synchronized void release(Duration grace, Runnable expired) {
        if (stopped || releaseTimer >= 0) {
            return;
        }
        releaseTimer = ctx.vertx().setTimer(Math.max(1, grace.toMillis()), id -> expired.run());
    }

    /** The partition came back before the grace period ended. */
    synchronized void keep() {
        if (releaseTimer >= 0) {
            ctx.vertx().cancelTimer(releaseTimer);
            releaseTimer = -1;
        }
    }

    /**
     * @param removed the pair left the configuration: its kick summary gets a tombstone. Otherwise (partition moved,
     *                shutdown) the replica that takes the pair over publishes its own summary, which this one must not
     *                overwrite.
     */
    synchronized void stop(String reason, boolean removed) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (removed) {
            ctx.publisher().kicks(deviceId, null);
        }
        keep();
        if (startDelayTimer >= 0) {
            ctx.vertx().cancelTimer(startDelayTimer);
        }
        probes.values().forEach(ProbeRun::cancel);
        stopKicking();
        publish(HeartbeatEvent.Type.STOPPED, "kicking stopped: " + reason, Map.of("reason", reason));
    }

    synchronized boolean kicking() {
        return kick != null;
    }

    synchronized PairView view() {
        List<PairView.ProbeView> probeViews = probes.values().stream().map(r -> {
            Probe p = r.state.probe();
            CheckResult last = r.state.last();
            return new PairView.ProbeView(p.type().name(), describe(p), r.state.health().name(),
                    r.state.consecutiveSuccesses(), r.state.consecutiveFailures(), last == null ? null : last.detail());
        }).toList();
        return new PairView(deviceId.value(), pair.pairId(), partition, state(), pair.primary().name(), verdict.name(),
                kick != null, pair.failoverPolicy().name(), pair.fastFailover(), pair.maintenance(),
                pair.kickInterval(), ctx.timing().worstCaseGap(pair), kicksAnswered + kicksFailed, kicksAnswered,
                instant(lastKickAnsweredMillis), lastKickResult, kickError, probeViews);
    }

    private String state() {
        if (stopped) {
            return "STOPPED";
        } else if (releaseTimer >= 0) {
            return "RELEASING";
        } else if (pair.maintenance()) {
            return "MAINTENANCE";
        } else if (kick != null) {
            return "KICKING";
        } else if (verdict == Health.DOWN) {
            return "PRIMARY_DOWN";
        }
        return "STARTING";
    }

    // ---- health -----------------------------------------------------------------------------------------------------

    /**
     * Counts one check, judged against this replica's own stalls during it ({@code begun}..{@code ended}, nano time).
     *
     * @return true when it was inconclusive: re-probe at once
     */
    private synchronized boolean onCheck(ProbeRun run, CheckResult raw, long begun, long ended) {
        if (stopped || !run.active) {
            return false;
        }
        Optional<LocalStalls.Stall> stall = raw.outcome() == CheckResult.Outcome.TIMED_OUT
                ? ctx.stalls().worstDuring(begun, ended) : Optional.empty();
        CheckResult result = run.state.judge(raw, stall.map(LocalStalls.Stall::lag).orElse(Duration.ZERO));
        ctx.metrics().probeResult(run.state.probe().type(), result);
        if (result.inconclusive() && stall.get().firstReport()) {
            LOG.infof("local stall of %d ms: this replica's own timers and probes did not run (GC pause, CPU "
                    + "starvation); probe checks that timed out during it are inconclusive, neither success nor "
                    + "failure, and are repeated at once (first: %s, %s)", stall.get().lag().toMillis(), deviceId,
                    result.detail());
        }
        if (run.state.record(result)) {
            LOG.debugf("%s: probe %s is %s (%s)", deviceId, run.state.probe().type(), run.state.health(),
                    result.detail());
            evaluate();
        }
        return result.inconclusive();
    }

    /** Applies the current facts: the primary's health, maintenance, the start delay; starts or stops kicking. */
    private void evaluate() {
        if (stopped) {
            return;
        }
        Health combined = Health.combine(pair.probeCombination(),
                probes.values().stream().map(r -> r.state.health()).toList());
        if (combined != Health.UNKNOWN && combined != verdict) {
            Health before = verdict;
            verdict = combined;
            if (combined == Health.DOWN) {
                primaryDown();
            } else if (before == Health.DOWN) {
                publish(HeartbeatEvent.Type.PRIMARY_UP, "primary " + pair.primary().name() + " is healthy again"
                        + (pair.maintenance() ? " (pair in maintenance)" : pair.failoverPolicy()
                        == PairConfig.FailoverPolicy.AUTO ? ": re-arm, relay A-B, kick" : ": kicking again; the device "
                        + "stays failed over until an operator re-arms it (policy MANUAL)"), probeDetails());
            }
        }
        boolean shouldKick = !pair.maintenance() && verdict == Health.UP && target != null
                && System.nanoTime() - kickAllowedAt >= 0;
        if (shouldKick && kick == null) {
            resume();
        } else if (!shouldKick && kick != null) {
            stopKicking();
        }
        summaryChanged();
    }

    private void primaryDown() {
        // Stop first: the device's watchdog starts running out from the last kick.
        stopKicking();
        boolean fast = pair.fastFailover() && !pair.maintenance();
        if (!pair.maintenance()) {
            failedOver = true;
        }
        publish(HeartbeatEvent.Type.PRIMARY_DOWN, "primary " + pair.primary().name() + " is down: kicking stopped"
                + (pair.maintenance() ? " (pair in maintenance)" : fast ? ", relay A-D commanded (fast failover)"
                : ", the device fails over when its watchdog runs out"), probeDetails());
        if (fast) {
            ctx.publisher().command(ctx.commands().switchRelay(deviceId, FailoverCommands.MODE_SECONDARY,
                    "fast failover: primary " + pair.primary().name() + " of pair " + pair.pairId() + " is down"));
        }
    }

    private void resume() {
        boolean restore = restoreOnResume || (failedOver && pair.failoverPolicy() == PairConfig.FailoverPolicy.AUTO);
        failedOver = false;
        restoreOnResume = false;
        kick = startKicks();
        lastKickEvent = null;
        if (restore) {
            String why = "pair " + pair.pairId() + " recovers: primary " + pair.primary().name() + " is healthy";
            ctx.publisher().command(ctx.commands().rearmWatchdog(deviceId, why));
            ctx.publisher().command(ctx.commands().switchRelay(deviceId, FailoverCommands.MODE_PRIMARY, why));
        }
        publish(HeartbeatEvent.Type.RUNNING, "kicking every " + millis(pair.kickInterval()) + " ms"
                + (restore ? "; watchdog re-arm and relay A-B commanded" : ""), timingDetails());
    }

    private KickScheduler.Handle startKicks() {
        return ctx.kicks().start(deviceId.value(), target.host(), target.mac(), pair.kickInterval(), this::onKick);
    }

    private void stopKicking() {
        if (kick != null) {
            kick.cancel();
            kick = null;
            kicksStoppedMillis = ctx.clock().millis();
        }
    }

    private synchronized void onKick(boolean answered, String detail) {
        if (answered) {
            kicksAnswered++;
            lastKickAnsweredMillis = ctx.clock().millis();
        } else {
            kicksFailed++;
        }
        lastKickResult = detail;
        if (kick == null || stopped) {
            if (answered && !stopped && summaryShape != null) {
                // the kick in flight when kicking stopped was acknowledged: the device runs out later than said
                publishSummary();
            }
            return;
        }
        HeartbeatEvent.Type type = answered ? HeartbeatEvent.Type.WDOG_OK : HeartbeatEvent.Type.WDOG_FAILED;
        if (lastKickEvent != type) {
            lastKickEvent = type;
            publish(type, answered ? "watchdog kicked" : "watchdog did not respond: " + detail,
                    Map.of("result", detail));
            summaryChanged();   // only when the outcome changes: never a summary per kick
        }
    }

    // ---- kick summary -----------------------------------------------------------------------------------------------

    /** Publishes the kick summary when what it says changed (not the times of the last kick: see {@link #refresh}). */
    private void summaryChanged() {
        if (stopped) {
            return;
        }
        if (!shape().equals(summaryShape)) {
            publishSummary();
        }
    }

    /** Publishes the summary of a kicked pair again once {@code summaryRefresh} has passed since the last one. */
    synchronized void refresh(long nowNanos) {
        if (!stopped && kick != null && nowNanos - summaryAt >= ctx.summaryRefresh().toNanos()) {
            publishSummary();
        }
    }

    private void publishSummary() {
        summaryShape = shape();
        summaryAt = System.nanoTime();
        ctx.publisher().kicks(deviceId, KickSummary.of(deviceId, pair.pairId(), ctx.clock().instant(), ctx.source(),
                Limits.clip(ctx.replica(), Limits.NAME), notKicking(), lastKickEvent == HeartbeatEvent.Type.WDOG_FAILED,
                pair.kickInterval(), ctx.summaryRefresh(), watchdogTimeout(), instant(lastKickAnsweredMillis),
                instant(kicksStoppedMillis)));
    }

    /** Everything a summary says except the times that move with each kick. */
    private String shape() {
        return notKicking() + "|" + (lastKickEvent == HeartbeatEvent.Type.WDOG_FAILED) + "|" + pair.kickInterval()
                + "|" + watchdogTimeout() + "|" + (lastKickAnsweredMillis >= 0);
    }

    private KickSummary.NotKicking notKicking() {
        if (kick != null) {
            return null;
        } else if (pair.maintenance()) {
            return KickSummary.NotKicking.MAINTENANCE;
        } else if (target == null) {
            return KickSummary.NotKicking.CANNOT_KICK;
        } else if (verdict == Health.DOWN) {
            return KickSummary.NotKicking.PRIMARY_DOWN;
        }
        return KickSummary.NotKicking.STARTING;
    }

    /** The device's watchdog timeout as the pair's device configuration desires it ({@code wdogitime}, seconds). */
    private Duration watchdogTimeout() {
        String value = device.desired().get("wdogitime");
        if (value == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(value.strip());
            return seconds > 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(long millis) {
        return millis < 0 ? null : Instant.ofEpochMilli(millis);
    }

    private void resolveTarget() {
        try {
            target = new KickTarget(InetAddress.getByName(device.host()), MacAddress.parse(device.mac()));
            kickError = null;
        } catch (UnknownHostException | InvalidValueException e) {
            target = null;
            kickError = "cannot kick " + device.host() + " / " + device.mac() + ": " + e.getMessage();
            LOG.warnf("%s: %s", deviceId, kickError);
            publish(HeartbeatEvent.Type.WDOG_FAILED, kickError, Map.of("result", kickError));
        }
    }

    // ---- probes -----------------------------------------------------------------------------------------------------

    /** Keeps running the probes that did not change (with their verdicts), starts new ones, cancels removed ones. */
    private void syncProbes() {
        Map<Probe, ProbeRun> next = new LinkedHashMap<>();
        for (Probe p : pair.probes()) {
            ProbeRun run = probes.remove(p);
            next.put(p, run != null ? run : new ProbeRun(p));
        }
        probes.values().forEach(ProbeRun::cancel);
        probes = next;
        next.values().forEach(ProbeRun::startOnce);
    }

    /** One probe's checks, one after the other, every interval. */
    private final class ProbeRun {
        final ProbeState state;
        volatile boolean active = true;
        private boolean started;
        private long timer = -1;

        ProbeRun(Probe probe) {
            this.state = new ProbeState(probe, ctx.inconclusiveLimit());
        }

        void startOnce() {
            if (!started) {
                started = true;
                // On the event loop, not inside the caller's lock-held update: a passive check completes at once.
                ctx.vertx().runOnContext(v -> check());
            }
        }

        private void check() {
            if (!active) {
                return;
            }
            long begun = ctx.stalls().now();
            Probe probe = state.probe();
            ctx.checks().check(probe, pair.primary()).thenAccept(result -> {
                long ended = ctx.stalls().now();
                boolean again = onCheck(this, result, begun, ended);
                // An inconclusive check is repeated at once rather than a whole interval later.
                long wait = again ? 1 : probe.interval().toMillis() - (ctx.stalls().now() - begun) / 1_000_000;
                synchronized (Pair.this) {
                    if (active) {
                        timer = ctx.vertx().setTimer(Math.max(1, wait), id -> check());
                    }
                }
            });
        }

        void cancel() {
            active = false;
            if (timer >= 0) {
                ctx.vertx().cancelTimer(timer);
            }
        }
    }

    // ---- events -----------------------------------------------------------------------------------------------------

    /** Probe results quote hosts, paths and errors from outside: clipped to the event's limits, never refused. */
    private void publish(HeartbeatEvent.Type type, String message, Map<String, String> details) {
        LOG.infof("%s [%s]: %s %s", deviceId, pair.pairId(), type, message);
        Map<String, String> clipped = new TreeMap<>();
        details.forEach((k, v) -> clipped.put(k, Limits.clip(v, Limits.VALUE)));
        ctx.publisher().event(HeartbeatEvent.create(type, deviceId, pair.pairId(), ctx.clock().instant(),
                ctx.source(), Limits.clip(message, Limits.LINE), clipped));
    }

    private Map<String, String> timingDetails() {
        Map<String, String> d = new TreeMap<>();
        d.put("kickInterval", pair.kickInterval().toString());
        d.put("startDelay", pair.startDelay().toString());
        d.put("worstCaseGap", ctx.timing().worstCaseGap(pair).toString());
        d.put("partition", Integer.toString(partition));
        return d;
    }

    /** Each probe's verdict and last result, the facts that decided PRIMARY_DOWN or PRIMARY_UP. */
    private Map<String, String> probeDetails() {
        Map<String, String> d = new TreeMap<>();
        d.put("combination", pair.probeCombination().name());
        int i = 1;
        for (ProbeRun run : probes.values()) {
            d.put("probe." + i++ + "." + run.state.probe().type().name().toLowerCase(Locale.ROOT),
                    run.state.summary());
        }
        return d;
    }

    private String describe(Probe p) {
        return p.type().active() ? p.host() + ":" + p.port() + Objects.requireNonNullElse(p.path(), "")
                : "node " + pair.primary().name();
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }
}
