package io.fosfleet.config.pair;

import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.node.NodeEntity;
import io.fosfleet.config.node.Nodes;
import io.fosfleet.config.outbox.ConfigPublisher;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.events.PairConfig.FailoverPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Creates, changes and removes PBX pairs and switches their maintenance; every change republishes the device's
 * {@code fos.config} record, which carries the pair.
 */
@ApplicationScoped
public class PairService {

    private static final Duration MIN_KICK = Duration.ofMillis(100);
    private static final Duration DEFAULT_KICK = Duration.ofSeconds(5);

    private final EntityManager em;
    private final ConfigPublisher publisher;
    private final AuditLog audit;
    private final HaChecks haChecks;

    public PairService(EntityManager em, ConfigPublisher publisher, AuditLog audit, HaChecks haChecks) {
        this.em = em;
        this.publisher = publisher;
        this.audit = audit;
        this.haChecks = haChecks;
    }

    @Transactional
    public List<PairView> list(String deviceId) {
        if (deviceId == null) {
            return em.createQuery("from PairEntity order by id", PairEntity.class).getResultStream().map(this::view)
                    .toList();
        }
        return em.createQuery("from PairEntity where deviceId = :d", PairEntity.class).setParameter("d", deviceId)
                .getResultStream().map(this::view).toList();
    }

    @Transactional
    public PairView get(String id) {
        return view(find(id));
    }

    public PairEntity find(String id) {
        PairEntity p = em.find(PairEntity.class, id);
        if (p == null) {
            throw ProblemException.notFound("pair", id);
        }
        return p;
    }

    @Transactional
    public PairView create(PairInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "is required", "a pair");
        }
        Problems problems = new Problems();
        String id = Inputs.id(problems, "id", input.id());
        if (id != null && em.find(PairEntity.class, id) != null) {
            throw ProblemException.conflict("id", "pair '" + id + "' already exists");
        }
        PairEntity p = new PairEntity();
        p.id = id;
        p.createdAt = Instant.now();
        apply(p, input, problems);
        em.persist(p);
        publisher.publish(p.deviceId);
        audit.changed("PAIR_CREATED", "PAIR", p.id, null, describe(p));
        return view(p);
    }

    @Transactional
    public PairView replace(String id, PairInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "is required", "a pair");
        }
        PairEntity p = find(id);
        Problems problems = new Problems();
        if (input.id() != null && !input.id().equals(id)) {
            problems.add("id", Inputs.quote(input.id()) + " differs from the path's '" + id + "'",
                    "the same id, or none");
        }
        String previousDevice = p.deviceId;
        apply(p, input, problems);
        em.flush();
        publisher.publish(p.deviceId);
        if (!previousDevice.equals(p.deviceId)) {
            publisher.publish(previousDevice);
        }
        audit.changed("PAIR_UPDATED", "PAIR", p.id, null, describe(p));
        return view(p);
    }

    /** Removing a pair stops its kicking, so its device fails over: a reason is required. */
    @Transactional
    public void delete(String id, String given) {
        String reason = requireReason(given);
        PairEntity p = find(id);
        em.remove(p);
        em.flush();
        publisher.publish(p.deviceId);
        audit.changed("PAIR_DELETED", "PAIR", id, reason, describe(p));
    }

    /** Maintenance fails the pair over on purpose and silences its alerts: a reason is required either way. */
    @Transactional
    public PairView maintenance(String id, boolean enabled, String given) {
        String reason = requireReason(given);
        PairEntity p = find(id);
        p.maintenance = enabled;
        p.maintenanceReason = enabled ? reason : null;
        p.updatedAt = Instant.now();
        em.flush();
        publisher.publish(p.deviceId);
        audit.changed(enabled ? "MAINTENANCE_ON" : "MAINTENANCE_OFF", "PAIR", id, reason, null);
        return view(p);
    }

    private static String requireReason(String given) {
        if (given == null || given.isBlank()) {
            throw ProblemException.invalid("reason", "is required: this moves a pair", "a short text for the audit log");
        }
        Problems problems = new Problems();
        String reason = Inputs.reason(problems, "reason", given);
        problems.throwIfAny();
        return reason;
    }

    private void apply(PairEntity p, PairInput in, Problems problems) {
        String deviceId = problems.required("deviceId", in.deviceId());
        if (deviceId != null && em.find(DeviceEntity.class, deviceId) == null) {
            problems.add("deviceId", "device " + Inputs.quote(deviceId) + " does not exist",
                    "the id of a registered device");
        }
        NodeEntity primary = node(problems, "primaryNodeId", in.primaryNodeId());
        NodeEntity secondary = node(problems, "secondaryNodeId", in.secondaryNodeId());
        if (primary != null && secondary != null && primary.id.equals(secondary.id)) {
            problems.add("secondaryNodeId", "is the primary node too", "a different node than primaryNodeId");
        }
        if (primary != null && Nodes.probes(primary).isEmpty()) {
            problems.add("primaryNodeId", "node '" + primary.id + "' has no probes",
                    "a node with at least one health probe (PASSIVE for a node that pushes heartbeats)");
        }
        int scenario = in.scenario() == null ? 0 : in.scenario();
        if (scenario != 0 && scenario != 1) {
            problems.add("scenario", in.scenario() + " is not a scenario", "0 (fallback) or 1 (bypass)");
        }
        Duration kick = Inputs.duration(problems, "kickInterval", in.kickInterval(), MIN_KICK, DEFAULT_KICK);
        Duration delay = Inputs.duration(problems, "startDelay", in.startDelay(), Duration.ZERO, kick);
        problems.throwIfAny();
        em.createQuery("from PairEntity where deviceId = :d", PairEntity.class).setParameter("d", deviceId)
                .getResultStream().filter(other -> !Objects.equals(other.id, p.id)).findFirst().ifPresent(other -> {
                    throw ProblemException.conflict("deviceId", "device '" + deviceId + "' already serves pair '"
                            + other.id + "'; a device serves at most one pair");
                });
        p.deviceId = deviceId;
        p.primaryNodeId = primary.id;
        p.secondaryNodeId = secondary.id;
        p.scenario = scenario;
        p.kickIntervalMs = kick.toMillis();
        p.startDelayMs = delay.toMillis();
        p.failoverPolicy = (in.failoverPolicy() == null ? FailoverPolicy.MANUAL : in.failoverPolicy()).name();
        p.fastFailover = Boolean.TRUE.equals(in.fastFailover());
        p.updatedAt = Instant.now();
    }

    private NodeEntity node(Problems problems, String field, String id) {
        if (problems.required(field, id) == null) {
            return null;
        }
        NodeEntity n = em.find(NodeEntity.class, id);
        if (n == null) {
            problems.add(field, "node " + Inputs.quote(id) + " does not exist", "the id of a registered node");
        }
        return n;
    }

    /** Sets a pair's kick timing (res_bnfos import), republishing and auditing like any other change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void setKickTiming(PairEntity p, Duration kickInterval, Duration startDelay, String source) {
        p.kickIntervalMs = kickInterval.toMillis();
        p.startDelayMs = startDelay.toMillis();
        p.updatedAt = Instant.now();
        em.flush();
        publisher.publish(p.deviceId);
        audit.changed("PAIR_UPDATED", "PAIR", p.id, null, "from " + source + ": " + describe(p));
    }

    public PairView view(PairEntity p) {
        return new PairView(p.id, p.deviceId, p.primaryNodeId, p.secondaryNodeId, p.scenario,
                Duration.ofMillis(p.kickIntervalMs), Duration.ofMillis(p.startDelayMs),
                FailoverPolicy.valueOf(p.failoverPolicy), p.fastFailover, p.maintenance, p.maintenanceReason,
                haChecks.check(p), p.version, p.createdAt, p.updatedAt);
    }

    private static String describe(PairEntity p) {
        return "device=" + p.deviceId + ", primary=" + p.primaryNodeId + ", secondary=" + p.secondaryNodeId
                + ", scenario=" + p.scenario + ", kickInterval=" + Duration.ofMillis(p.kickIntervalMs)
                + ", startDelay=" + Duration.ofMillis(p.startDelayMs) + ", failoverPolicy=" + p.failoverPolicy
                + ", fastFailover=" + p.fastFailover + ", maintenance=" + p.maintenance;
    }
}
