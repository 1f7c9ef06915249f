package io.fosfleet.gateway.device;

import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.gateway.credential.CredentialStore;
import io.fosfleet.gateway.event.Changes;
import io.fosfleet.gateway.reconcile.Drift;
import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.http.ConfigReading;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import io.fosfleet.protocol.syslog.SyslogCode;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;

/**
 * One owned device: polls it on its interval, takes in its syslog messages, turns every change into an event and a
 * state snapshot, reconciles its settings, and runs its jobs (polls, commands) one at a time.
 *
 * <p>A syslog message is a hint, never the truth: anyone can send a datagram with the device's address as its source.
 * It triggers a poll at once (at most one per {@code syslog.min-poll-interval}, a burst coalesced), and the events
 * come from what the device then reports over HTTP; the message only says why the change was noticed
 * ({@code via=syslog}) and, for what a poll cannot see (a reboot), adds to what the poll shows (see {@link #observed}).
 *
 * <p>Every method runs on the device loop of {@link DeviceContext}; only {@link #view()} may be read elsewhere.
 */
public final class DeviceWorker {

    private static final Logger LOG = Logger.getLogger(DeviceWorker.class);
    private static final long MAX_PHASE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How recent a failed poll must be for a power-up message to be believed: the device was seen gone. */
    private static final Duration ABSENCE_WINDOW = Duration.ofMinutes(1);
    private static final String WDOG_FAILED = "2";
    /** How long a SET_KEY that also changed the desired value waits for that change to arrive from fos.config. */
    private static final Duration AWAIT_DESIRED = Duration.ofMinutes(1);

    private final DeviceContext ctx;
    private final DeviceId id;
    private final int partition;

    private DeviceConfig config;
    private DeviceEndpoint endpoint;
    private MacAddress mac;
    private InetAddress address;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    // what the device said last, and what was last published about it
    private Map<String, String> values = Map.of();
    private boolean known;
    private boolean reachable;
    private boolean devmode;
    private Instant observedAt;
    private PublishedState published;
    /** An UNREACHABLE event is out and no REACHABLE has followed it (also when a previous owner announced it). */
    private boolean outage;
    /** What the device's syslog messages claimed since the last poll started; confirmed or not by the next poll. */
    private final EnumSet<SyslogCode> hints = EnumSet.noneOf(SyslogCode.class);
    /** Not before this {@link System#nanoTime()} may a syslog message trigger the next poll. */
    private long nextSyslogPoll = System.nanoTime();
    /** The poll a syslog message deferred (a burst): at most one waits. */
    private ScheduledFuture<?> deferredSyslogPoll;
    private long syslogPolls;
    /** When a poll last found the device not answering (not a refused login); null when not recently. */
    private Instant lastAbsence;
    /** Why the configured credential may not be sent to this device; null when it may, or none is configured. */
    private String credentialRefusal;

    private int failedPolls;
    private Instant lastPollAt;
    private Long lastPollMs;
    private String lastError;
    private Duration authBackoff;
    private Instant nextAuthAttempt;

    /** The drift (the device moved away from a desired value) last reported; desired changes are never in it. */
    private Map<String, Drift.Difference> reportedDrift = Map.of();
    /**
     * Desired values an administrator changed (keyword → new normalised value) that the device has not taken yet.
     * They are applied under either drift policy and never reported as drift: the policy is about the device moving
     * away from its desired value, not about the desired value moving.
     */
    private final Map<String, String> changedDesired = new TreeMap<>();
    /**
     * Values an operator's SET_KEY wrote together with the same change of the desired value ({@code
     * updateDesired=true}) whose configuration record has not arrived yet: not drift, not undone, until it arrives
     * or {@link #AWAIT_DESIRED} has passed.
     */
    private final Map<String, Awaited> awaitedDesired = new HashMap<>();
    /** The failed application last reported; not repeated on every retry. */
    private Map<String, Drift.Difference> reportedApplyFailure = Map.of();
    private boolean applying;
    private Instant nextApply = Instant.MIN;

    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean pollQueued;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    private volatile DeviceView view;

    private record Awaited(String value, Instant until) {
    }

    /** What the last published snapshot said, compared without the watchdog countdown. */
    private record PublishedState(boolean reachable, boolean devmode, Map<String, String> values) {
    }

    /**
     * @param seed the last snapshot a gateway published for the device, if any: changes are reported against it, so
     *             a restart neither repeats old events nor misses the ones that happened meanwhile
     */
    public DeviceWorker(DeviceContext ctx, DeviceConfig config, int partition, Optional<DeviceState> seed) {
        this.ctx = ctx;
        this.id = config.deviceId();
        this.partition = partition;
        seed.ifPresent(s -> {
            values = s.values();
            known = !values.isEmpty();
            reachable = s.reachable();
            devmode = s.devmode();
            observedAt = s.observedAt();
            outage = !s.reachable();
            published = new PublishedState(reachable, devmode, withoutCountdown(values));
        });
        configure(config);
    }

    public DeviceId id() {
        return id;
    }

    public int partition() {
        return partition;
    }

    public DeviceConfig config() {
        return config;
    }

    public DeviceEndpoint endpoint() {
        return endpoint;
    }

    /** The device's MAC; null when the configured one is not valid. */
    public MacAddress mac() {
        return mac;
    }

    /** The device's address; null when its host name does not resolve. */
    public InetAddress address() {
        return address;
    }

    /**
     * Why this device is not sent its credential: the credential's scope does not include the device's registered
     * address or id. Null when nothing is refused.
     */
    public String credentialRefusal() {
        return credentialRefusal;
    }

    /** The device was last seen in flash mode, where only GBL4 works. */
    public boolean devmode() {
        return devmode;
    }

    public DeviceView view() {
        return view;
    }

    /** Takes a new configuration: reachability, credentials, interval, desired settings. */
    public void update(DeviceConfig newConfig) {
        configure(newConfig);
    }

    private void configure(DeviceConfig newConfig) {
        DeviceConfig old = config;
        config = newConfig;
        try {
            mac = MacAddress.parse(newConfig.mac());
        } catch (InvalidValueException e) {
            LOG.warnf("%s: %s; GBL4 commands will fail", id, e.getMessage());
            mac = null;
        }
        try {
            address = InetAddress.getByName(newConfig.host());
        } catch (UnknownHostException e) {
            LOG.warnf("%s: host %s does not resolve; its syslog messages cannot be matched", id, newConfig.host());
            address = null;
        }
        endpoint = endpoint(newConfig);
        // A new login or address deserves a fresh try at once, and so does applying the desired values.
        authBackoff = null;
        nextAuthAttempt = null;
        nextApply = Instant.MIN;
        // A desired value that changed is an administrator's change, to be applied and reported as CONFIG_APPLIED;
        // a worker that has just started cannot tell (it never saw the old values) and judges everything as drift.
        if (old != null) {
            changedDesired.putAll(Drift.changed(old.desired(), newConfig.desired()));
        }
        changedDesired.keySet().retainAll(newConfig.desired().keySet());
        if (old == null || !old.pollInterval().equals(newConfig.pollInterval())) {
            schedule();
        } else if (!stopped) {
            requestPoll();
        }
        updateView();
    }

    /**
     * Where the device's web server is, with the credential when its scope allows this device. The password then goes
     * to the address just checked, never to what the host name resolves to later.
     */
    private DeviceEndpoint endpoint(DeviceConfig c) {
        credentialRefusal = null;
        DeviceEndpoint base = DeviceEndpoint.of(c.host(), c.httpPort());
        String name = c.credentialName();
        if (name == null) {
            return base;
        }
        Optional<CredentialStore.Scoped> credential = ctx.credentials().resolve(name);
        if (credential.isEmpty()) {
            LOG.warnf("%s: credential '%s' is not configured on this gateway "
                    + "(fosfleet.gateway.credentials.\"%s\".password); polling without a password", id, name, name);
            return base;
        }
        if (address != null && credential.get().scope().allows(id, address)) {
            return DeviceEndpoint.of(address.getHostAddress(), c.httpPort())
                    .withCredentials(credential.get().credentials());
        }
        credentialRefusal = "credential '" + name + "' may not be sent to " + c.host()
                + (credential.get().scope().isEmpty() ? ": it has no scope" : ": not in its scope")
                + " (" + CredentialStore.property(name) + ")";
        LOG.warnf("%s: %s; the device is not contacted over HTTP", id, credentialRefusal);
        return base;
    }

    /**
     * Polls on the configured interval from a random phase, so that a fleet's polls spread instead of bunching. The
     * phase is at most a second: a device with a long interval is still seen soon after it joins.
     */
    private void schedule() {
        if (timer != null) {
            timer.cancel(false);
        }
        long interval = config.pollInterval().toNanos();
        long phase = ThreadLocalRandom.current().nextLong(Math.min(interval, MAX_PHASE_NANOS));
        timer = ctx.loop().scheduleAtFixedRate(this::requestPoll, phase, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops polling and drops the jobs that have not started; the future completes when the running job (if any) has
     * finished, so its result is published before the partition is handed over.
     */
    public CompletableFuture<Void> stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (deferredSyslogPoll != null) {
            deferredSyslogPoll.cancel(false);
        }
        Job job;
        while ((job = queue.poll()) != null) {
            job.dropped();
        }
        return idle;
    }

    /** Runs a job after the ones before it. */
    public void submit(Job job) {
        if (stopped) {
            job.dropped();
            return;
        }
        queue.add(job);
        drain();
    }

    /** Asks for a poll soon; does nothing when one is already waiting, or while credentials are being refused. */
    public void requestPoll() {
        if (stopped || pollQueued) {
            return;
        }
        if (nextAuthAttempt != null && ctx.clock().instant().isBefore(nextAuthAttempt)) {
            return;
        }
        pollQueued = true;
        submit(new Job() {
            @Override
            public CompletableFuture<?> run() {
                pollQueued = false;
                return poll();
            }

            @Override
            public void dropped() {
                pollQueued = false;
            }
        });
    }

    private void drain() {
        if (busy || queue.isEmpty()) {
            return;
        }
        busy = true;
        CompletableFuture<Void> finished = new CompletableFuture<>();
        idle = finished;
        Job job = queue.poll();
        CompletableFuture<?> running;
        try {
            running = job.run();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenCompleteAsync((r, e) -> {
            if (e != null) {
                LOG.errorf(e, "%s: a job failed unexpectedly", id);
            }
            busy = false;
            finished.complete(null);
            drain();
        }, ctx.loop());
    }

    // ---- polling ---------------------------------------------------------------------------------------------------

    private CompletableFuture<Void> poll() {
        if (credentialRefusal != null) {
            lastPollAt = ctx.clock().instant();
            lastError = credentialRefusal;
            ctx.metrics().pollFailed("CREDENTIAL_OUT_OF_SCOPE");
            announceOutage("CREDENTIAL_OUT_OF_SCOPE", "is not contacted: " + credentialRefusal, credentialRefusal);
            updateView();
            return CompletableFuture.completedFuture(null);
        }
        long started = System.nanoTime();
        // The claims this poll can confirm are those made before it asked; later ones wait for the next poll.
        Set<SyslogCode> claimed = EnumSet.noneOf(SyslogCode.class);
        claimed.addAll(hints);
        hints.clear();
        return ctx.http().readConfig(endpoint).handleAsync((reading, failure) -> {
            lastPollAt = ctx.clock().instant();
            if (failure != null) {
                hints.addAll(claimed);
                return pollFailed(deviceError(failure));
            }
            long nanos = System.nanoTime() - started;
            ctx.metrics().pollSucceeded(nanos);
            lastPollMs = TimeUnit.NANOSECONDS.toMillis(nanos);
            observed(reading, claimed);
            return CompletableFuture.<Void>completedFuture(null);
        }, ctx.loop()).thenCompose(f -> f);
    }

    /**
     * What the device reported over HTTP: every difference to the last reading is an event. The syslog messages that
     * came meanwhile only say why it was noticed ({@code via=syslog}) and what a reading cannot show:
     * <ul>
     *   <li>a power-up (code 00) is reported when this reading follows a poll that found the device gone within the
     *       last minute — a reboot the gateway saw happen, explained by the device;</li>
     *   <li>"booted still failed over" (code 43) names the failover this reading shows (watchdog state 2), and after a
     *       confirmed reboot is reported even when the state was already 2 before.</li>
     * </ul>
     * A message alone, without such a reading, changes nothing.
     */
    private void observed(ConfigReading reading, Set<SyslogCode> claimed) {
        Map<String, String> now = new HashMap<>();
        reading.values().forEach((key, value) -> now.put(key.keyword(), value));
        Instant t = ctx.clock().instant();
        boolean rebooted = claimed.contains(SyslogCode.POWERUP) && lastAbsence != null
                && !lastAbsence.isBefore(t.minus(ABSENCE_WINDOW));
        String via = claimed.isEmpty() && hints.isEmpty() ? "poll" : "syslog";
        failedPolls = 0;
        lastError = null;
        authBackoff = null;
        nextAuthAttempt = null;
        List<DeviceEvent> events = new ArrayList<>();
        if (outage) {
            outage = false;
            events.add(event(DeviceEvent.Type.REACHABLE, null, Map.of("via", via),
                    "answers again at " + endpoint.authority()));
        }
        if (rebooted) {
            lastAbsence = null;
            events.add(event(DeviceEvent.Type.POWER_UP, SyslogCode.POWERUP, Map.of("via", "syslog"),
                    SyslogCode.POWERUP.text()));
        }
        boolean sticky = claimed.contains(SyslogCode.WDOG_FAILOVER_STICKY);
        boolean failover = false;
        if (known) {
            for (Changes.Change change : Changes.between(values, now)) {
                if (change.type() == DeviceEvent.Type.FAILOVER) {
                    failover = true;
                    if (sticky) {
                        change = new Changes.Change(change.type(), SyslogCode.WDOG_FAILOVER_STICKY, change.details(),
                                SyslogCode.WDOG_FAILOVER_STICKY.text());
                    }
                }
                events.add(event(change, via));
            }
        }
        if (sticky && rebooted && !failover && WDOG_FAILED.equals(now.get(Key.WDOGSTATE.keyword()))) {
            // Booted still failed over: news even when the last reading already said "failure".
            events.add(event(DeviceEvent.Type.FAILOVER, SyslogCode.WDOG_FAILOVER_STICKY,
                    Map.of("via", "syslog", Key.WDOGSTATE.keyword(), WDOG_FAILED), SyslogCode.WDOG_FAILOVER_STICKY.text()));
        }
        values = Map.copyOf(now);
        known = true;
        reachable = true;
        devmode = false;
        observedAt = t;
        events.forEach(ctx.publisher()::event);
        publishState();
        reconcile();
        updateView();
    }

    private CompletableFuture<Void> pollFailed(DeviceIoException e) {
        ctx.metrics().pollFailed(e.kind().name());
        lastError = e.getMessage();
        if (e.kind() != DeviceIoException.Kind.BAD_CREDENTIALS) {
            lastAbsence = ctx.clock().instant();
        }
        if (e.kind() == DeviceIoException.Kind.BAD_CREDENTIALS) {
            // Not transient: asking again every second only fills the device's log (and may lock the account).
            Duration max = ctx.config().poll().authBackoffMax();
            authBackoff = authBackoff == null ? config.pollInterval() : authBackoff.multipliedBy(2);
            if (authBackoff.compareTo(max) > 0) {
                authBackoff = max;
            }
            nextAuthAttempt = ctx.clock().instant().plus(authBackoff);
            String credential = config.credentialName() == null ? "no credential is configured for it"
                    : endpoint.credentials() == null ? "credential '" + config.credentialName()
                    + "' is not configured on this gateway" : "credential '" + config.credentialName() + "' is refused";
            announceOutage("BAD_CREDENTIALS", "rejects our login: " + credential + " (next try in "
                    + authBackoff.toSeconds() + " s)", e.getMessage());
            updateView();
            return CompletableFuture.completedFuture(null);
        }
        failedPolls++;
        if (outage || failedPolls < ctx.config().poll().unreachableAfter()) {
            updateView();
            return CompletableFuture.completedFuture(null);
        }
        return flashMode().thenAcceptAsync(flash -> {
            if (flash) {
                devmode = true;
                announceOutage("FLASH_MODE", "is in flash mode: only GBL4 answers, no web server", e.getMessage());
            } else {
                announceOutage(e.kind().name(), "does not answer: " + failedPolls + " polls failed", e.getMessage());
            }
            updateView();
        }, ctx.loop());
    }

    /** Whether the device answers GBL4 in flash mode; a device that does not answer at all is not. */
    private CompletableFuture<Boolean> flashMode() {
        if (mac == null || address == null) {
            return CompletableFuture.completedFuture(false);
        }
        return ctx.gbl4().getNetconf(address, mac, gbl4Options()).handle((info, failure) -> failure == null
                && info.flashMode());
    }

    public Gbl4Client.Options gbl4Options() {
        return Gbl4Client.Options.defaults().withTimeout(ctx.config().gbl4().timeout())
                .withPort(ctx.config().gbl4().port());
    }

    private void announceOutage(String reason, String what, String error) {
        if (outage) {
            return;
        }
        outage = true;
        reachable = false;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("error", Objects.requireNonNullElse(error, reason));
        details.put("failedPolls", Integer.toString(failedPolls));
        ctx.publisher().event(event(DeviceEvent.Type.UNREACHABLE, null, details,
                config.name() + " at " + endpoint.authority() + " " + what));
        publishState();
    }

    // ---- syslog ----------------------------------------------------------------------------------------------------

    /**
     * The device's address sent one of its syslog messages: remembered as a claim and answered with a poll, at once
     * unless a syslog message triggered one less than {@code syslog.min-poll-interval} ago; then one poll follows when
     * that time is up, however many messages arrive meanwhile.
     */
    public void syslog(SyslogCode code) {
        hints.add(code);
        if (stopped || deferredSyslogPoll != null) {
            return;
        }
        long now = System.nanoTime();
        long wait = nextSyslogPoll - now;
        if (wait <= 0) {
            syslogPoll(now);
        } else {
            deferredSyslogPoll = ctx.loop().schedule(() -> {
                deferredSyslogPoll = null;
                syslogPoll(System.nanoTime());
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void syslogPoll(long now) {
        nextSyslogPoll = now + ctx.config().syslog().minPollInterval().toNanos();
        syslogPolls++;
        ctx.metrics().syslogPoll();
        requestPoll();
        updateView();
    }

    // ---- reconciliation --------------------------------------------------------------------------------------------

    /**
     * Compares the device with its desired settings. A difference on a desired value that was just changed is applied
     * (any policy) and reported as CONFIG_APPLIED; any other difference is drift: reported once as DRIFT_DETECTED and,
     * under ENFORCE, written back.
     */
    private void reconcile() {
        Instant now = ctx.clock().instant();
        Map<String, Drift.Difference> all = Drift.between(config.desired(), values);
        changedDesired.keySet().removeIf(k -> !all.containsKey(k));
        awaitedDesired.entrySet().removeIf(e -> !all.containsKey(e.getKey()) || now.isAfter(e.getValue().until()));
        Map<String, Drift.Difference> toApply = new TreeMap<>();
        Map<String, Drift.Difference> drift = new TreeMap<>();
        all.forEach((keyword, d) -> {
            Awaited awaited = awaitedDesired.get(keyword);
            if (awaited != null && awaited.value().equals(d.actual())) {
                return;  // an operator's SET_KEY whose desired value is on its way
            }
            (d.desired().equals(changedDesired.get(keyword)) ? toApply : drift).put(keyword, d);
        });
        if (drift.isEmpty()) {
            reportedDrift = Map.of();
        } else if (!reportedDrift.entrySet().containsAll(drift.entrySet())) {
            // something the last report did not say: a new difference, or a known one with another value
            reportedDrift = drift;
            Map<String, String> details = new LinkedHashMap<>();
            drift.forEach((keyword, d) -> {
                details.put(keyword + ".desired", d.desired());
                details.put(keyword + ".actual", d.actual());
            });
            details.put("policy", config.driftPolicy().name());
            ctx.publisher().event(event(DeviceEvent.Type.DRIFT_DETECTED, null, details, drift.size()
                    + " setting(s) differ from the desired configuration: " + String.join(", ", drift.keySet())));
        } else {
            reportedDrift = drift;
        }
        if (config.driftPolicy() == DeviceConfig.DriftPolicy.ENFORCE) {
            toApply.putAll(drift);
        }
        if (!toApply.isEmpty() && !applying && !now.isBefore(nextApply)) {
            applying = true;
            submit(new Job() {
                @Override
                public CompletableFuture<?> run() {
                    return apply(toApply);
                }

                @Override
                public void dropped() {
                    applying = false;
                }
            });
        }
    }

    /**
     * Writes the desired values one after the other; reports CONFIG_APPLIED when all were taken. When a changed desired
     * value could not be written, says so at once (DRIFT_DETECTED with {@code reason=APPLY_FAILED} and the error);
     * it is tried again after {@code reconcile.retry}.
     */
    private CompletableFuture<Void> apply(Map<String, Drift.Difference> toApply) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Drift.Difference d : toApply.values()) {
            chain = chain.thenCompose(v -> ctx.http().set(endpoint, d.key(), d.desired()));
        }
        return chain.handleAsync((v, failure) -> {
            applying = false;
            if (failure != null) {
                Duration retry = ctx.config().reconcile().retry();
                nextApply = ctx.clock().instant().plus(retry);
                String error = deviceError(failure).getMessage();
                LOG.warnf("%s: applying desired settings failed, next try in %s: %s", id, retry, error);
                Map<String, Drift.Difference> changed = new TreeMap<>(toApply);
                changed.keySet().retainAll(changedDesired.keySet());
                if (!changed.isEmpty() && !changed.equals(reportedApplyFailure)) {
                    reportedApplyFailure = changed;
                    Map<String, String> details = new LinkedHashMap<>();
                    changed.forEach((keyword, d) -> {
                        details.put(keyword + ".desired", d.desired());
                        details.put(keyword + ".actual", d.actual());
                    });
                    details.put("policy", config.driftPolicy().name());
                    details.put("reason", "APPLY_FAILED");
                    details.put("error", error);
                    ctx.publisher().event(event(DeviceEvent.Type.DRIFT_DETECTED, null, details, abbreviate(
                            "could not apply the changed desired " + String.join(", ", changed.keySet())
                                    + " to the device, next try in " + retry.toSeconds() + " s: " + error)));
                }
                return null;
            }
            reportedApplyFailure = Map.of();
            toApply.forEach((keyword, d) -> changedDesired.remove(keyword, d.desired()));
            Map<String, String> details = toApply.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> e.getValue().desired()));
            ctx.publisher().event(event(DeviceEvent.Type.CONFIG_APPLIED, null, details,
                    "applied the desired " + String.join(", ", toApply.keySet())));
            requestPoll();
            return null;
        }, ctx.loop());
    }

    /**
     * An operator's SET_KEY wrote {@code value} and changed the desired value to it in the same request; until that
     * change arrives on fos.config the device's new value is neither drift nor undone.
     */
    public void awaitDesired(Key key, String value) {
        Instant until = ctx.clock().instant().plus(AWAIT_DESIRED);
        ctx.loop().execute(() -> awaitedDesired.put(key.keyword(), new Awaited(value, until)));
    }

    private static String abbreviate(String message) {
        return message.length() <= 500 ? message : message.substring(0, 499) + "…";
    }

    // ---- publishing ------------------------------------------------------------------------------------------------

    /** Publishes a snapshot when something other than the watchdog countdown changed since the last one. */
    private void publishState() {
        PublishedState now = new PublishedState(reachable, devmode, withoutCountdown(values));
        if (now.equals(published)) {
            return;
        }
        published = now;
        ctx.publisher().state(DeviceState.snapshot(id, ctx.clock().instant(), ctx.source(), observedAt, reachable,
                devmode, values));
    }

    private static Map<String, String> withoutCountdown(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        // wdogrtime counts down every second while the watchdog runs: a new snapshot for it would flood the topic.
        copy.remove(Key.WDOGRTIME.keyword());
        return copy;
    }

    private DeviceEvent event(Changes.Change change, String via) {
        Map<String, String> details = new LinkedHashMap<>(change.details());
        details.put("via", via);
        return event(change.type(), change.code(), details, change.message());
    }

    private DeviceEvent event(DeviceEvent.Type type, SyslogCode code, Map<String, String> details, String message) {
        return DeviceEvent.create(type, id, ctx.clock().instant(), ctx.source(), code == null ? null : code.code(),
                details, message);
    }

    private void updateView() {
        Map<String, String> drift = reportedDrift.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().desired() + " → " + e.getValue().actual()));
        view = new DeviceView(id.value(), config.name(), config.host(), config.httpPort(), config.mac(), partition,
                config.credentialName(), config.pollInterval(), config.driftPolicy().name(), reachable && known,
                devmode, observedAt, lastPollAt, lastPollMs, lastError, failedPolls, syslogPolls, values, drift);
    }

    /** The device error behind a failed future; anything else is reported as an unreachable device. */
    public static DeviceIoException deviceError(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DeviceIoException e) {
            return e;
        }
        return new DeviceIoException(DeviceIoException.Kind.UNREACHABLE, String.valueOf(cause.getMessage()), cause);
    }
}
