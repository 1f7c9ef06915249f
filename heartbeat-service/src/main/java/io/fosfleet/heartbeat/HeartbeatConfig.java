package io.fosfleet.heartbeat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** heartbeat-service's own settings ({@code fosfleet.heartbeat.*}); Kafka's connection settings are {@code kafka.*}. */
@ConfigMapping(prefix = "fosfleet.heartbeat")
public interface HeartbeatConfig {

    /** The name written as {@code source} into every event and command. */
    @WithDefault("heartbeat-service")
    String serviceName();

    /** The consumer group the replicas share on {@code fos.config}. */
    @WithDefault("heartbeat-service")
    String groupId();

    /**
     * The group session timeout: a dead replica's partitions move after about this plus one heartbeat interval. The
     * brokers' {@code group.min.session.timeout.ms} must allow it (Kafka's default minimum is 6 s).
     */
    @WithDefault("2s")
    Duration sessionTimeout();

    @WithDefault("500ms")
    Duration heartbeatInterval();

    /** How long a pair is still kicked after its partition moved away, and after a graceful shutdown began. */
    @WithDefault("3s")
    Duration handoverGrace();

    /** How long to wait for a kick's acknowledgement; never more than half the pair's kick interval. */
    @WithDefault("500ms")
    Duration kickTimeout();

    /** How often an unanswered kick is sent again within one interval. */
    @WithDefault("1")
    int kickRetries();

    /** The devices' GBL4 port. */
    @WithDefault("50123")
    int gbl4Port();

    /** How long after it was issued a failover command may still be carried out. */
    @WithDefault("30s")
    Duration commandTtl();

    /** The topic nodes push passive heartbeats to: key = node name, record timestamp = when. */
    @WithDefault("fos.node.heartbeats")
    String nodeHeartbeatsTopic();

    /**
     * How many timed-out probe checks in a row may count as inconclusive because this replica itself was stalled
     * (GC pause, CPU starvation) during them; the next one counts as a failure whatever the stall.
     */
    @WithDefault("3")
    int probeInconclusiveLimit();

    /** How often the stall detector wakes up to measure this replica's own stalls. */
    @WithDefault("20ms")
    Duration stallDetectorTick();

    /**
     * How often the kick summary of a kicked pair ({@code fos.heartbeat.kicks}) is published again when nothing changed,
     * so that readers can tell it is current; changes are published at once. At 50,000 kicked pairs the default makes
     * 10,000 records a second.
     */
    @WithDefault("5s")
    Duration kickSummaryRefresh();

    /** How many events and commands are kept while Kafka is away; beyond it the oldest are dropped. */
    @WithDefault("100000")
    int outboxCapacity();

    /**
     * How many verified node tokens are remembered (until each expires), so that a node sending every second costs
     * one signature check per token, not one per heartbeat.
     */
    @WithDefault("10000")
    int tokenCacheSize();

    /** At most one log line per this period about refused heartbeats; the lines in between are counted, not logged. */
    @WithDefault("10s")
    Duration refusedLogInterval();
}
