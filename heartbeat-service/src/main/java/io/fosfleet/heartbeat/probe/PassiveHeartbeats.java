package io.fosfleet.heartbeat.probe;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest heartbeat each node pushed (by REST to any replica, or on the node-heartbeats topic, which every replica
 * reads), so that whichever replica owns a pair judges its PASSIVE probe.
 */
public final class PassiveHeartbeats {

    private final Map<String, Instant> latest = new ConcurrentHashMap<>();

    /** Notes a heartbeat of {@code node} sent at {@code at}; an older one than known changes nothing. */
    public void record(String node, Instant at) {
        latest.merge(node, at, (known, offered) -> offered.isAfter(known) ? offered : known);
    }

    public Optional<Instant> latest(String node) {
        return Optional.ofNullable(latest.get(node));
    }
}
