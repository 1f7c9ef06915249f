package io.fosfleet.config.console;

import io.fosfleet.config.history.LiveEvent;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this replica's live stream saw last per device and pair, and the hub that fans console updates out to every
 * open page. The history ingest is shared between replicas and may lag; these overlays keep every replica's pages
 * current within the live stream's delay.
 */
@ApplicationScoped
public class ConsoleLive {

    /** The newest state and event the live stream delivered for a device (either may be null). */
    public record Seen(DeviceState state, LiveEvent event) {
    }

    /** The newest verdict on a pair's primary. */
    public record Health(boolean down, Instant at) {
    }

    /** A change for the open pages: a device's new row, and the event that caused it when there is one. */
    public record Update(ConsoleRow row, LiveEvent event) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    /** heartbeat-service's latest kick summary per device; only registered devices are kept (see ConsoleFleet). */
    private final Map<String, KickSummary> kicks = new ConcurrentHashMap<>();
    /** The row last sent to the open pages per device, to refresh its watchdog cell without a database read. */
    private final Map<String, ConsoleRow> sent = new ConcurrentHashMap<>();
    private final BroadcastProcessor<Update> hub = BroadcastProcessor.create();

    public Seen seen(String deviceId) {
        return seen.get(deviceId);
    }

    public Health health(String pairId) {
        return health.get(pairId);
    }

    public KickSummary kicks(String deviceId) {
        return kicks.get(deviceId);
    }

    /**
     * Takes a device's newest kick summary (null: its pair was removed). A summary that only refreshes the times of
     * the one before (same replica, same verdict) updates the open pages from the row last sent, without reading the
     * database: at 50,000 kicked pairs such refreshes are most of the stream.
     *
     * @return true when the pages were updated here; false when the row must be built anew
     */
    boolean kicks(String deviceId, KickSummary summary) {
        KickSummary before = summary == null ? kicks.remove(deviceId) : kicks.put(deviceId, summary);
        ConsoleRow last = sent.get(deviceId);
        if (summary == null || before == null || last == null || before.kicking() != summary.kicking()
                || before.acksFailing() != summary.acksFailing() || before.notKicking() != summary.notKicking()
                || !before.replica().equals(summary.replica())) {
            return false;
        }
        emit(new Update(last.withKicks(ConsoleWatchdog.view(summary, last.pairId() != null, last.watchdog(),
                last.mode(), last.wdogInterval(), Instant.now())), null));
        return true;
    }

    /** The device is not (or no longer) registered: nothing of it is kept. */
    void forget(String deviceId) {
        kicks.remove(deviceId);
        sent.remove(deviceId);
    }

    void state(DeviceState s) {
        seen.compute(s.deviceId().value(), (id, old) -> old == null ? new Seen(s, null)
                : old.state() != null && old.state().occurredAt().isAfter(s.occurredAt()) ? old
                : new Seen(s, old.event()));
    }

    void event(LiveEvent e) {
        seen.compute(e.deviceId(), (id, old) -> new Seen(old == null ? null : old.state(), e));
        if (e.pairId() != null && "HEARTBEAT".equals(e.kind()) && ConsoleFleet.HEALTH_TYPES.contains(e.type())) {
            boolean down = HeartbeatEvent.Type.PRIMARY_DOWN.name().equals(e.type());
            health.merge(e.pairId(), new Health(down, e.occurredAt()),
                    (a, b) -> b.at().isBefore(a.at()) ? a : b);
        }
    }

    synchronized void emit(Update update) {
        sent.put(update.row().deviceId(), update.row());
        hub.onNext(update);
    }

    /** Every update from now on; a page too slow to take them drops some and is corrected by the next one. */
    public Multi<Update> updates() {
        return hub.onOverflow().drop();
    }
}
