package io.fosfleet.heartbeat.pair;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.PairConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pairs this replica owns, kept in step with the partitions of {@code fos.config} the consumer group gives it: a
 * partition's pairs are started once the partition is read to its end, changed or removed as records arrive, and kept
 * for a grace period after the partition moves away, so that two replicas overlap rather than none kicking.
 */
public final class PairSupervisor {

    private final PairContext ctx;
    private final Duration grace;
    private final Map<DeviceId, Pair> pairs = new ConcurrentHashMap<>();
    private final long refreshTimer;
    private volatile String releaseReason = "its partition moved to another replica";

    /** @param grace how long a pair is still kicked after its partition moved to another replica */
    public PairSupervisor(PairContext ctx, Duration grace) {
        this.ctx = ctx;
        this.grace = grace;
        // A tick every second refreshes the summaries that are due, so pairs spread over the refresh interval.
        this.refreshTimer = ctx.vertx().setPeriodic(1000, id -> refreshSummaries());
    }

    /**
     * A newly assigned partition has been read to its end: these are the latest records of its devices (a null
     * record is a tombstone). Its pairs are taken over, so no start delay applies.
     */
    public synchronized void loaded(int partition, Map<DeviceId, ConfigRecord> latest) {
        latest.forEach((id, record) -> apply(partition, id, record, false));
        for (Pair p : List.copyOf(pairs.values())) {
            if (p.partition() == partition && !latest.containsKey(p.deviceId())) {
                // Still kicked from before the partition went away, but gone from its configuration meanwhile.
                remove(p, "pair no longer in the configuration", true);
            }
        }
    }

    /** A record arrived on a partition this replica has read to its end; a null record is a tombstone. */
    public synchronized void changed(int partition, DeviceId id, ConfigRecord record) {
        apply(partition, id, record, true);
    }

    /** These partitions moved to another replica (or were lost): their pairs are kicked for the grace period only. */
    public synchronized void released(Collection<Integer> partitions) {
        for (Pair p : pairs.values()) {
            if (partitions.contains(p.partition())) {
                p.release(grace, () -> expire(p));
            }
        }
    }

    /** The replica is leaving the group on purpose: its partitions move because it shuts down. */
    public void shuttingDown(String replica) {
        releaseReason = "replica " + replica + " shut down; its partitions moved to the other replicas";
    }

    /** Stops every pair, e.g. when the service shuts down after its grace period. */
    public synchronized void stopAll(String reason) {
        for (Pair p : List.copyOf(pairs.values())) {
            remove(p, reason, false);
        }
    }

    public List<PairView> views() {
        List<PairView> views = new ArrayList<>();
        for (Pair p : pairs.values()) {
            views.add(p.view());
        }
        views.sort(Comparator.comparing(PairView::deviceId));
        return views;
    }

    public Optional<PairView> view(DeviceId id) {
        return Optional.ofNullable(pairs.get(id)).map(Pair::view);
    }

    public int owned() {
        return pairs.size();
    }

    public long kicking() {
        return pairs.values().stream().filter(Pair::kicking).count();
    }

    private void apply(int partition, DeviceId id, ConfigRecord record, boolean live) {
        PairConfig config = record == null || record.type() == ConfigRecord.Type.DELETED ? null : record.pair();
        Pair existing = pairs.get(id);
        if (config == null) {
            if (existing != null) {
                remove(existing, record == null || record.type() == ConfigRecord.Type.DELETED
                        ? "device removed from the inventory" : "device no longer serves a pair", true);
            }
        } else if (existing == null) {
            Pair p = new Pair(id, ctx);
            pairs.put(id, p);
            p.start(config, record.device(), partition, live);
        } else {
            existing.keep();
            existing.update(config, record.device(), partition);
        }
    }

    private synchronized void expire(Pair p) {
        if (pairs.get(p.deviceId()) == p) {
            remove(p, releaseReason, false);
        }
    }

    private void remove(Pair p, String reason, boolean removed) {
        pairs.remove(p.deviceId(), p);
        p.stop(reason, removed);
    }

    /** Publishes again the kick summaries of the kicked pairs whose last one is {@code summaryRefresh} old. */
    private void refreshSummaries() {
        long now = System.nanoTime();
        for (Pair p : pairs.values()) {
            p.refresh(now);
        }
    }

    /** Stops refreshing the kick summaries. */
    public void close() {
        ctx.vertx().cancelTimer(refreshTimer);
    }
}
