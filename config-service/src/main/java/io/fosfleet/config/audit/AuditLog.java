package io.fosfleet.config.audit;

import io.fosfleet.config.security.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the audit log. An entry is written in the transaction of the change it records, so a change that
 * rolls back leaves no entry and a saved change always has one.
 */
@ApplicationScoped
public class AuditLog {

    /** What an entry looks like in the API. */
    public record Entry(long id, Instant at, String actor, String action, String targetType, String targetId,
                        String reason, String detail, String result, String commandId, String source) {
    }

    private final EntityManager em;
    private final Actor actor;

    public AuditLog(EntityManager em, Actor actor) {
        this.em = em;
        this.actor = actor;
    }

    /** Records a change by the current user that succeeded. */
    public void changed(String action, String targetType, String targetId, String reason, String detail) {
        write(actor.name(), action, targetType, targetId, reason, detail, "OK", null);
    }

    public AuditEntity write(String who, String action, String targetType, String targetId, String reason,
                             String detail, String result, String commandId) {
        AuditEntity e = new AuditEntity();
        e.at = Instant.now();
        e.actor = who;
        e.action = action;
        e.targetType = targetType;
        e.targetId = targetId;
        e.reason = reason;
        e.detail = detail == null ? null : abbreviate(detail, 4000);
        e.result = result;
        e.commandId = commandId;
        em.persist(e);
        return e;
    }

    /** The command's entry (there is at most one), or null. */
    public AuditEntity byCommand(String commandId) {
        return em.createQuery("from AuditEntity where commandId = :c", AuditEntity.class)
                .setParameter("c", commandId).getResultStream().findFirst().orElse(null);
    }

    /**
     * The command's own entry takes the outcome (the first one counts), so one line answers who, when, what, why and
     * with what result.
     */
    public void commandCompleted(String commandId, String result, String message) {
        em.createQuery("from AuditEntity where commandId = :c and result = 'PENDING'", AuditEntity.class)
                .setParameter("c", commandId)
                .getResultStream().forEach(e -> {
                    e.result = result;
                    if (message != null) {
                        e.detail = abbreviate((e.detail == null ? "" : e.detail + "; ") + "result: " + message, 4000);
                    }
                });
    }

    /** Newest first; every filter may be null. */
    public List<Entry> find(String targetType, String targetId, String actorName, String action, Instant from,
                            Instant to, int limit) {
        StringBuilder jpql = new StringBuilder("from AuditEntity where 1 = 1");
        List<Object[]> params = new ArrayList<>();
        filter(jpql, params, "targetType", targetType);
        filter(jpql, params, "targetId", targetId);
        filter(jpql, params, "actor", actorName);
        filter(jpql, params, "action", action);
        if (from != null) {
            jpql.append(" and at >= :from");
            params.add(new Object[] {"from", from});
        }
        if (to != null) {
            jpql.append(" and at < :to");
            params.add(new Object[] {"to", to});
        }
        TypedQuery<AuditEntity> q = em.createQuery(jpql.append(" order by id desc").toString(), AuditEntity.class);
        params.forEach(p -> q.setParameter((String) p[0], p[1]));
        return q.setMaxResults(limit).getResultStream()
                .map(e -> new Entry(e.id, e.at, e.actor, e.action, e.targetType, e.targetId, e.reason, e.detail,
                        e.result, e.commandId, e.source))
                .toList();
    }

    private static void filter(StringBuilder jpql, List<Object[]> params, String field, String value) {
        if (value != null) {
            jpql.append(" and ").append(field).append(" = :").append(field);
            params.add(new Object[] {field, value});
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
