package io.fosfleet.heartbeat;

import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.events.Probe;
import io.fosfleet.heartbeat.probe.CheckResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The service's Prometheus meters, named in one place: kicks, schedule deviation, probe results, pairs, outbox. */
public final class HeartbeatMetrics {

    private final MeterRegistry registry;
    private final Counter kicksSent;
    private final Counter kicksAnswered;
    private final Counter kicksFailed;
    private final Counter kicksMissed;
    private final Timer kickDeviation;
    private final Map<Probe.Type, Counter> probeOk = new EnumMap<>(Probe.Type.class);
    private final Map<Probe.Type, Counter> probeFailed = new EnumMap<>(Probe.Type.class);
    private final Map<Probe.Type, Counter> probeInconclusive = new EnumMap<>(Probe.Type.class);
    private final Timer localStall;
    private final Counter configRejected;
    private final Counter outboxDropped;

    public HeartbeatMetrics(MeterRegistry registry) {
        this.registry = registry;
        kicksSent = Counter.builder("fosfleet.heartbeat.kicks.sent").description("KICK_WDOG requests sent")
                .register(registry);
        kicksAnswered = Counter.builder("fosfleet.heartbeat.kicks.answered")
                .description("kicks the device acknowledged").register(registry);
        kicksFailed = Counter.builder("fosfleet.heartbeat.kicks.failed")
                .description("kicks without an acknowledgement (after retries)").register(registry);
        kicksMissed = Counter.builder("fosfleet.heartbeat.kicks.missed")
                .description("scheduled kicks skipped because the timer fell more than an interval behind")
                .register(registry);
        kickDeviation = Timer.builder("fosfleet.heartbeat.kick.deviation")
                .description("how late each kick left against its schedule (kick interval jitter)")
                .publishPercentiles(0.5, 0.99, 0.999).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (Probe.Type type : Probe.Type.values()) {
            probeOk.put(type, Counter.builder("fosfleet.heartbeat.probe.results").tag("type", type.name())
                    .tag("result", "ok").register(registry));
            probeFailed.put(type, Counter.builder("fosfleet.heartbeat.probe.results").tag("type", type.name())
                    .tag("result", "failed").register(registry));
            probeInconclusive.put(type, Counter.builder("fosfleet.heartbeat.probe.results")
                    .tag("type", type.name()).tag("result", "inconclusive").register(registry));
        }
        localStall = Timer.builder("fosfleet.heartbeat.local.stall")
                .description("how late the stall detector's short sleeps woke up: this replica's own stalls (GC "
                        + "pauses, CPU starvation); probe timeouts during a long one are inconclusive")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        configRejected = Counter.builder("fosfleet.heartbeat.config.rejected")
                .description("fos.config records that could not be read and were skipped").register(registry);
        outboxDropped = Counter.builder("fosfleet.heartbeat.outbox.dropped")
                .description("records dropped because the outbox was full during a Kafka outage").register(registry);
    }

    /** Kicks sent (first attempts), counted once per tick of the kick loop. */
    public void kicksSent(long count) {
        kicksSent.increment(count);
    }

    /** How late a kick on its phase slot left; the first kick of a pair has no slot and is not measured. */
    public void kickDeviation(long nanos) {
        kickDeviation.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    public void kicksAnswered(long count) {
        kicksAnswered.increment(count);
    }

    public void kicksFailed(long count) {
        kicksFailed.increment(count);
    }

    public void kicksMissed(long count) {
        kicksMissed.increment(count);
    }

    /** One judged check: ok, failed (a timeout counted as a failure included), or inconclusive. */
    public void probeResult(Probe.Type type, CheckResult result) {
        (result.ok() ? probeOk : result.inconclusive() ? probeInconclusive : probeFailed).get(type).increment();
    }

    /** How late the stall detector woke up. */
    public void localStall(long nanos) {
        localStall.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** A record went to its topic's dead letters: {@code fosfleet_records_dead_lettered_total{topic,reason}}. */
    public void deadLettered(String topic, DeadLetters.Cause cause) {
        registry.counter("fosfleet.records.dead.lettered", "topic", topic, "reason", cause.tag()).increment();
    }

    public void configRejected() {
        configRejected.increment();
    }

    public void outboxDropped() {
        outboxDropped.increment();
    }

    /** A passive heartbeat that was not believed: {@code via} rest or kafka, {@code reason} as the refusal's. */
    public void heartbeatRefused(String via, String reason) {
        Counter.builder("fosfleet.heartbeat.refused")
                .description("passive heartbeats refused: no token, a bad token, or a token of another node")
                .tag("via", via).tag("reason", reason).register(registry).increment();
    }

    public Timer kickDeviation() {
        return kickDeviation;
    }

    /** Registers a gauge read on every scrape. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
