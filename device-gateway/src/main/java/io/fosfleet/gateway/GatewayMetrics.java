package io.fosfleet.gateway;

import io.fosfleet.kafka.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The gateway's Prometheus meters, all named {@code fosfleet.gateway.*}, in one place so the README can list them. */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final Timer pollLatency;
    private final Counter pollsOk;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pollLatency = Timer.builder("fosfleet.gateway.poll.latency").description("Time to read config.txt")
                .publishPercentileHistogram().register(registry);
        this.pollsOk = Counter.builder("fosfleet.gateway.polls").tag("outcome", "ok")
                .description("Polls of config.txt").register(registry);
    }

    public void pollSucceeded(long nanos) {
        pollsOk.increment();
        pollLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void pollFailed(String kind) {
        registry.counter("fosfleet.gateway.polls", "outcome", "failed").increment();
        registry.counter("fosfleet.gateway.poll.failures", "kind", kind).increment();
    }

    public void event(String type) {
        registry.counter("fosfleet.gateway.events", "type", type).increment();
    }

    public void state() {
        registry.counter("fosfleet.gateway.states").increment();
    }

    public void command(String type, String outcome) {
        registry.counter("fosfleet.gateway.commands", "type", type, "outcome", outcome).increment();
    }

    public void duplicateCommand() {
        registry.counter("fosfleet.gateway.commands.duplicates").increment();
    }

    public void syslog(String outcome) {
        registry.counter("fosfleet.gateway.syslog.messages", "outcome", outcome).increment();
    }

    /** A device's syslog message triggered a poll (a burst triggers one at once and at most one more). */
    public void syslogPoll() {
        registry.counter("fosfleet.gateway.syslog.polls").increment();
    }

    /** GBL4 replies that came from another address than the one asked, dropped by the client. */
    public void gbl4ForeignReplies(Supplier<Number> count) {
        registry.more().counter("fosfleet.gateway.gbl4.foreign.replies", Tags.empty(), count,
                s -> s.get().doubleValue());
    }

    /** A record that could not be read (e.g. from a newer schema) and was skipped. */
    public void skippedRecord(String topic) {
        registry.counter("fosfleet.gateway.records.skipped", "topic", topic).increment();
    }

    /** A record went to its topic's dead letters: {@code fosfleet_records_dead_lettered_total{topic,reason}}. */
    public void deadLettered(String topic, DeadLetters.Cause cause) {
        registry.counter("fosfleet.records.dead.lettered", "topic", topic, "reason", cause.tag()).increment();
    }

    public void ownedDevices(Supplier<Number> count) {
        registry.gauge("fosfleet.gateway.devices.owned", count, s -> s.get().doubleValue());
    }
}
