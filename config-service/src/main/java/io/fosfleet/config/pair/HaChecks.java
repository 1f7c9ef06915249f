package io.fosfleet.config.pair;

import io.fosfleet.config.JsonText;
import io.fosfleet.config.console.Human;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.history.DeviceStateEntity;
import io.fosfleet.config.history.EventEntity;
import io.fosfleet.config.settings.SettingsService;
import io.fosfleet.protocol.Key;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Runs the {@link HaCheck} of a pair from its settings, the device's observed state and the heartbeat history. */
@ApplicationScoped
public class HaChecks {

    /** The detail of heartbeat-service's events that carries the pair's worst-case kick gap, ISO-8601. */
    public static final String WORST_CASE_GAP = "worstCaseGap";

    private final EntityManager em;
    private final SettingsService settings;

    public HaChecks(EntityManager em, SettingsService settings) {
        this.em = em;
        this.settings = settings;
    }

    public HaCheck check(PairEntity pair) {
        DeviceEntity device = em.find(DeviceEntity.class, pair.deviceId);
        Duration interval = null;
        String from = null;
        SettingsService.Effective desired = settings.effective(device).settings().get(Key.WDOGITIME.keyword());
        if (desired != null) {
            interval = Duration.ofSeconds(Long.parseLong(desired.value()));
            from = "desired (" + desired.from() + ")";
        } else {
            DeviceStateEntity state = em.find(DeviceStateEntity.class, pair.deviceId);
            String observed = state == null ? null : JsonText.map(state.values).get(Key.WDOGITIME.keyword());
            if (observed != null && observed.matches("[0-9]{1,9}")) {
                interval = Duration.ofSeconds(Long.parseLong(observed));
                from = "observed";
            }
        }
        Optional<EventEntity> report = em.createQuery("from EventEntity where kind = 'HEARTBEAT' and pairId = :p"
                        + " and details like :gap order by occurredAt desc", EventEntity.class)
                .setParameter("p", pair.id).setParameter("gap", "%\"" + WORST_CASE_GAP + "\"%").setMaxResults(1)
                .getResultStream().findFirst();
        Duration gap = report.map(e -> parse(JsonText.map(e.details).get(WORST_CASE_GAP))).orElse(null);
        Instant reportedAt = report.map(e -> e.occurredAt).orElse(null);
        if (interval == null || gap == null) {
            return new HaCheck(pair.id, HaCheck.Verdict.UNKNOWN, interval, from, gap, reportedAt,
                    interval == null ? "the watchdog interval (wdogitime) is neither desired nor observed yet"
                            : "heartbeat-service has not reported this pair's worst-case kick gap yet");
        }
        if (interval.compareTo(gap) <= 0) {
            return new HaCheck(pair.id, HaCheck.Verdict.WARNING, interval, from, gap, reportedAt,
                    "watchdog interval " + Human.duration(interval) + " is not longer than the worst-case kick gap "
                            + Human.duration(gap) + ": losing the heartbeat-service replica that kicks this pair "
                            + "fails the device over; set wdogitime to " + (gap.toSeconds() + 1) + " s or more");
        }
        // the message is read by people (console, API): durations in words; the record's fields stay ISO-8601
        return new HaCheck(pair.id, HaCheck.Verdict.OK, interval, from, gap, reportedAt,
                "watchdog interval " + Human.duration(interval) + " outlasts the worst-case kick gap "
                        + Human.duration(gap));
    }

    private static Duration parse(String iso) {
        try {
            return iso == null ? null : Duration.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
