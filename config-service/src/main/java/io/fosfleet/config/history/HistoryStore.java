package io.fosfleet.config.history;

import java.util.TreeMap;
import io.fosfleet.config.JsonText;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.HeartbeatEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps the latest state of every device and a bounded, de-duplicated history of device and heartbeat events. */
@ApplicationScoped
public class HistoryStore {

    /** Filters of a history query; every one may be null. */
    public record Filter(String deviceId, String pairId, String site, String kind, String type, Instant from,
                         Instant to, int limit) {
    }

    private final EntityManager em;

    public HistoryStore(EntityManager em) {
        this.em = em;
    }

    /** Keeps the snapshot unless a newer one is already stored (a redelivered or reordered record). */
    @Transactional
    public void state(DeviceState s) {
        DeviceStateEntity e = em.find(DeviceStateEntity.class, s.deviceId().value());
        boolean created = e == null;
        if (created) {
            e = new DeviceStateEntity();
            e.deviceId = s.deviceId().value();
        } else if (e.occurredAt.isAfter(s.occurredAt())) {
            return;
        }
        e.occurredAt = s.occurredAt();
        e.observedAt = s.observedAt();
        e.reachable = s.reachable();
        e.devmode = s.devmode();
        e.values = JsonText.of(s.values());
        if (created) {
            em.persist(e);
        }
    }

    /** Stores the event once; answers it as the live stream shows it, or null when it was stored already. */
    @Transactional
    public LiveEvent deviceEvent(DeviceEvent e) {
        String pairId = pairOf(e.deviceId().value());
        return store(e.id().toString(), "DEVICE", e.type().name(), e.deviceId().value(), pairId, e.occurredAt(),
                e.message(), withSyslog(e));
    }

    @Transactional
    public LiveEvent heartbeatEvent(HeartbeatEvent e) {
        return store(e.id().toString(), "HEARTBEAT", e.type().name(), e.deviceId().value(), e.pairId(),
                e.occurredAt(), e.message(), e.details());
    }

    private static Map<String, String> withSyslog(DeviceEvent e) {
        if (e.syslogCode() == null) {
            return e.details();
        }
        Map<String, String> d = new TreeMap<>(e.details());
        d.put("syslogCode", String.format("%02d", e.syslogCode()));
        return d;
    }

    private LiveEvent store(String eventId, String kind, String type, String deviceId, String pairId,
                            Instant occurredAt, String message, Map<String, String> details) {
        boolean known = !em.createQuery("select id from EventEntity where eventId = :e", Long.class)
                .setParameter("e", eventId).getResultList().isEmpty();
        if (known) {
            return null;
        }
        EventEntity row = new EventEntity();
        row.eventId = eventId;
        row.kind = kind;
        row.type = type;
        row.deviceId = deviceId;
        row.pairId = pairId;
        row.occurredAt = occurredAt;
        row.message = message.length() > 1000 ? message.substring(0, 999) + "…" : message;
        row.details = JsonText.of(details);
        em.persist(row);
        return live(row);
    }

    @Transactional
    public List<LiveEvent> find(Filter f) {
        StringBuilder jpql = new StringBuilder("from EventEntity e where 1 = 1");
        List<Object[]> params = new ArrayList<>();
        if (f.deviceId() != null) {
            jpql.append(" and e.deviceId = :device");
            params.add(new Object[] {"device", f.deviceId()});
        }
        if (f.pairId() != null) {
            jpql.append(" and e.pairId = :pair");
            params.add(new Object[] {"pair", f.pairId()});
        }
        if (f.site() != null) {
            jpql.append(" and e.deviceId in (select d.id from DeviceEntity d where d.site = :site)");
            params.add(new Object[] {"site", f.site()});
        }
        if (f.kind() != null) {
            jpql.append(" and e.kind = :kind");
            params.add(new Object[] {"kind", f.kind()});
        }
        if (f.type() != null) {
            jpql.append(" and e.type = :type");
            params.add(new Object[] {"type", f.type()});
        }
        if (f.from() != null) {
            jpql.append(" and e.occurredAt >= :from");
            params.add(new Object[] {"from", f.from()});
        }
        if (f.to() != null) {
            jpql.append(" and e.occurredAt < :to");
            params.add(new Object[] {"to", f.to()});
        }
        TypedQuery<EventEntity> q = em.createQuery(jpql.append(" order by e.occurredAt desc, e.id desc").toString(),
                EventEntity.class);
        params.forEach(p -> q.setParameter((String) p[0], p[1]));
        return q.setMaxResults(f.limit()).getResultStream().map(this::live).toList();
    }

    /** Deletes the oldest events beyond {@code maxEvents}; answers how many. */
    @Transactional
    public int prune(int maxEvents) {
        List<Long> cut = em.createQuery("select id from EventEntity order by id desc", Long.class)
                .setFirstResult(maxEvents).setMaxResults(1).getResultList();
        if (cut.isEmpty()) {
            return 0;
        }
        return em.createQuery("delete from EventEntity where id <= :cut").setParameter("cut", cut.get(0))
                .executeUpdate();
    }

    public String siteOf(String deviceId) {
        DeviceEntity d = em.find(DeviceEntity.class, deviceId);
        return d == null ? null : d.site;
    }

    public String pairOf(String deviceId) {
        return em.createQuery("select id from PairEntity where deviceId = :d", String.class)
                .setParameter("d", deviceId).getResultStream().findFirst().orElse(null);
    }

    private LiveEvent live(EventEntity e) {
        return new LiveEvent(e.eventId, e.kind, e.type, e.deviceId, e.pairId, siteOf(e.deviceId), e.occurredAt,
                e.message, JsonText.map(e.details));
    }
}
