package io.fosfleet.config.console;

import io.fosfleet.config.JsonText;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.history.DeviceStateEntity;
import io.fosfleet.config.history.EventEntity;
import io.fosfleet.config.history.LiveEvent;
import io.fosfleet.config.pair.PairEntity;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;
import io.fosfleet.protocol.Key;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Builds the console's fleet rows from the inventory, the stored device states and the event history, overlaid with
 * what this replica's live stream saw but the (shared, possibly slower) history ingest has not stored yet.
 */
@ApplicationScoped
public class ConsoleFleet {

    /** The counts of the summary bar, per pair. */
    public record Summary(int pairs, int onPrimary, int failedOver, int maintenance, int unreachable, int unknown,
                          int problems) {
    }

    private static final Logger LOG = Logger.getLogger(ConsoleFleet.class);
    /** heartbeat-service's verdicts on a primary: down, up, and RUNNING (it kicks only while the primary is healthy). */
    static final List<String> HEALTH_TYPES = List.of(HeartbeatEvent.Type.PRIMARY_DOWN.name(),
            HeartbeatEvent.Type.PRIMARY_UP.name(), HeartbeatEvent.Type.RUNNING.name());
    /** The scenario in words: 1 is bypass (legacy PBX on D), anything else fallback. */
    static final String BYPASS = "bypass";
    static final String FALLBACK = "fallback";

    private final EntityManager em;
    private final ConsoleLive live;

    public ConsoleFleet(EntityManager em, ConsoleLive live) {
        this.em = em;
        this.live = live;
    }

    /** Every device, problems first. */
    @Transactional
    public List<ConsoleRow> rows() {
        Map<String, DeviceStateEntity> states = em.createQuery("from DeviceStateEntity", DeviceStateEntity.class)
                .getResultStream().collect(Collectors.toMap(s -> s.deviceId, Function.identity()));
        Map<String, PairEntity> pairs = em.createQuery("from PairEntity", PairEntity.class).getResultStream()
                .collect(Collectors.toMap(p -> p.deviceId, Function.identity()));
        Map<String, EventEntity> lastEvents = em.createQuery("from EventEntity e where e.id in (select max(x.id) from "
                        + "EventEntity x group by x.deviceId)", EventEntity.class).getResultStream()
                .collect(Collectors.toMap(e -> e.deviceId, Function.identity(), (a, b) -> a));
        Map<String, EventEntity> health = em.createQuery("from EventEntity e where e.id in (select max(x.id) from "
                        + "EventEntity x where x.type in :types group by x.pairId)", EventEntity.class)
                .setParameter("types", HEALTH_TYPES).getResultStream().filter(e -> e.pairId != null)
                .collect(Collectors.toMap(e -> e.pairId, Function.identity(), (a, b) -> a));
        return em.createQuery("from DeviceEntity", DeviceEntity.class).getResultStream()
                .map(d -> {
                    PairEntity p = pairs.get(d.id);
                    return row(d, states.get(d.id), p, lastEvents.get(d.id), p == null ? null : health.get(p.id));
                })
                .sorted(ORDER).toList();
    }

    /** One device's row, or null when it is not registered (any more). */
    public ConsoleRow row(String deviceId) {
        DeviceEntity d = em.find(DeviceEntity.class, deviceId);
        if (d == null) {
            return null;
        }
        PairEntity p = em.createQuery("from PairEntity where deviceId = :d", PairEntity.class)
                .setParameter("d", deviceId).getResultStream().findFirst().orElse(null);
        EventEntity last = em.createQuery("from EventEntity where deviceId = :d order by id desc", EventEntity.class)
                .setParameter("d", deviceId).setMaxResults(1).getResultStream().findFirst().orElse(null);
        EventEntity health = p == null ? null : em.createQuery("from EventEntity where pairId = :p and type in :types"
                        + " order by id desc", EventEntity.class).setParameter("p", p.id)
                .setParameter("types", HEALTH_TYPES).setMaxResults(1).getResultStream().findFirst().orElse(null);
        return row(d, em.find(DeviceStateEntity.class, deviceId), p, last, health);
    }

    /** A state snapshot from this replica's live stream: remember it and send the device's new row to open pages. */
    public void seen(DeviceState state) {
        live.state(state);
        publish(state.deviceId().value(), null);
    }

    /** An event from this replica's live stream: remember it and send the device's new row with it. */
    public void seen(LiveEvent event) {
        live.event(event);
        publish(event.deviceId(), event);
    }

    /** A kick summary (null: the pair was removed) from this replica's live stream: remember it, update the row. */
    public void seen(String deviceId, KickSummary kicks) {
        if (!live.kicks(deviceId, kicks)) {
            publish(deviceId, null);
        }
    }

    private void publish(String deviceId, LiveEvent event) {
        try {
            ConsoleRow row = QuarkusTransaction.requiringNew().call(() -> row(deviceId));
            if (row != null) {
                live.emit(new ConsoleLive.Update(row, event));
            } else {
                live.forget(deviceId);
            }
        } catch (RuntimeException e) {
            LOG.warnf("console: cannot update the row of %s: %s", deviceId, e.toString());
        }
    }

    /** The device's values as last reported (the live stream's when newer than the stored state). */
    public Map<String, String> values(String deviceId) {
        DeviceStateEntity stored = em.find(DeviceStateEntity.class, deviceId);
        ConsoleLive.Seen seen = live.seen(deviceId);
        if (seen != null && seen.state() != null && (stored == null
                || seen.state().occurredAt().isAfter(stored.occurredAt))) {
            return seen.state().values();
        }
        return stored == null ? Map.of() : JsonText.map(stored.values);
    }

    public static Summary summary(List<ConsoleRow> rows) {
        List<ConsoleRow> paired = rows.stream().filter(r -> r.pairId() != null).toList();
        return new Summary(paired.size(), count(paired, ConsoleState.PRIMARY),
                count(paired, ConsoleState.FAILED_OVER), count(paired, ConsoleState.MAINTENANCE),
                count(paired, ConsoleState.UNREACHABLE), count(paired, ConsoleState.UNKNOWN),
                (int) rows.stream().filter(ConsoleRow::problem).count());
    }

    private static int count(List<ConsoleRow> rows, ConsoleState state) {
        return (int) rows.stream().filter(r -> r.state() == state).count();
    }

    static final Comparator<ConsoleRow> ORDER = Comparator.comparingInt(ConsoleRow::rank)
            .thenComparing(r -> Objects.requireNonNullElse(r.site(), "~"))
            .thenComparing(r -> Objects.requireNonNullElse(r.name(), r.deviceId()))
            .thenComparing(ConsoleRow::deviceId);

    private ConsoleRow row(DeviceEntity d, DeviceStateEntity stored, PairEntity p, EventEntity lastEvent,
                           EventEntity healthEvent) {
        // the live stream may be ahead of the shared ingest: take whichever is newer
        ConsoleLive.Seen seen = live.seen(d.id);
        Boolean reachable = stored == null ? null : stored.reachable;
        Map<String, String> values = stored == null ? Map.of() : JsonText.map(stored.values);
        Instant stateAt = stored == null ? null : stored.occurredAt;
        Instant observedAt = stored == null ? null : stored.observedAt;
        if (seen != null && seen.state() != null && (stateAt == null || seen.state().occurredAt().isAfter(stateAt))) {
            reachable = seen.state().reachable();
            values = seen.state().values();
            observedAt = seen.state().observedAt();
        }
        String lastType = lastEvent == null ? null : lastEvent.type;
        String lastMessage = lastEvent == null ? null : lastEvent.message;
        Instant lastAt = lastEvent == null ? null : lastEvent.occurredAt;
        if (seen != null && seen.event() != null && (lastAt == null || !seen.event().occurredAt().isBefore(lastAt))) {
            lastType = seen.event().type();
            lastMessage = seen.event().message();
            lastAt = seen.event().occurredAt();
        }
        String health = "unknown";
        Instant healthAt = healthEvent == null ? null : healthEvent.occurredAt;
        if (healthEvent != null) {
            health = HeartbeatEvent.Type.PRIMARY_DOWN.name().equals(healthEvent.type) ? "DOWN" : "healthy";
        }
        ConsoleLive.Health liveHealth = p == null ? null : live.health(p.id);
        if (liveHealth != null && (healthAt == null || !liveHealth.at().isBefore(healthAt))) {
            health = liveHealth.down() ? "DOWN" : "healthy";
        }

        Integer mode = intOf(values.get(Key.MODE.keyword()));
        Integer scenarioValue = intOf(values.get(Key.SCENARIO.keyword()));
        boolean bypass = scenarioValue != null ? scenarioValue == 1 : p != null && p.scenario == 1;
        String relay = mode == null ? "?" : mode == 1 ? (bypass ? "A–B + C–D" : "A–B") : "A–D";
        String wdog = watchdog(values);
        Integer wdogLeft = "on".equals(wdog) ? intOf(values.get(Key.WDOGRTIME.keyword())) : null;

        ConsoleState state;
        if (reachable == null) {
            state = ConsoleState.UNKNOWN;
        } else if (p != null && p.maintenance) {
            state = ConsoleState.MAINTENANCE;
        } else if (!reachable) {
            state = ConsoleState.UNREACHABLE;
        } else if (mode != null) {
            state = mode == 1 ? ConsoleState.PRIMARY : ConsoleState.FAILED_OVER;
        } else {
            state = ConsoleState.UNKNOWN;
        }
        String text = reachable != null && state == ConsoleState.UNKNOWN ? ConsoleState.RELAY_UNKNOWN : state.text();
        boolean problem = state != ConsoleState.MAINTENANCE && (state.problem() || "FAILURE".equals(wdog)
                || "DOWN".equals(health));
        return new ConsoleRow(d.id, d.name, d.site, d.rack, p == null ? null : p.id, state, text, relay, mode,
                scenarioValue == null ? (p == null ? "?" : scenarioName(p.scenario)) : scenarioName(scenarioValue),
                onOff(values.get(Key.POWER1.keyword())), onOff(values.get(Key.POWER2.keyword())), wdog, wdogLeft,
                intOf(values.get(Key.WDOGITIME.keyword())), observedAt, health, lastType, lastMessage, lastAt, problem,
                p == null ? null : p.maintenanceReason, ConsoleWatchdog.view(live.kicks(d.id), p != null, wdog, mode,
                intOf(values.get(Key.WDOGITIME.keyword())), Instant.now()));
    }

    private static String watchdog(Map<String, String> values) {
        Integer state = intOf(values.get(Key.WDOGSTATE.keyword()));
        Integer enabled = intOf(values.get(Key.WDOG.keyword()));
        if (state == null && enabled == null) {
            return "?";
        }
        if (state != null && state == 2) {
            return "FAILURE";
        }
        return (state != null && state == 1) || (state == null && enabled == 1) ? "on" : "off";
    }

    static String scenarioName(int scenario) {
        return scenario == 1 ? BYPASS : FALLBACK;
    }

    private static String onOff(String value) {
        Integer v = intOf(value);
        return v == null ? "?" : v == 1 ? "on" : "off";
    }

    static Integer intOf(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return switch (v) {
                case "yes", "on", "true" -> 1;
                case "no", "off", "false" -> 0;
                default -> null;
            };
        }
    }
}
