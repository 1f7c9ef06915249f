package io.fosfleet.config.node;

import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.outbox.ConfigPublisher;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.config.security.TokenIssuer;
import io.fosfleet.events.EventFormatException;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.events.PairConfig.ProbeCombination;
import io.fosfleet.events.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Registers, changes and removes PBX nodes; a change republishes the devices of every pair the node is in. */
@ApplicationScoped
public class NodeService {

    private static final List<String> PROBE_TYPES = Inputs.names(Probe.Type.class);

    private final EntityManager em;
    private final ConfigPublisher publisher;
    private final AuditLog audit;

    private final TokenIssuer tokens;

    public NodeService(EntityManager em, ConfigPublisher publisher, AuditLog audit, TokenIssuer tokens) {
        this.em = em;
        this.publisher = publisher;
        this.audit = audit;
        this.tokens = tokens;
    }

    /** A node's heartbeat token; see {@link NodeToken}. Audited with its expiry, never with the token. */
    @Transactional
    public NodeToken issueToken(String id) {
        NodeEntity n = find(id);
        TokenIssuer.Issued issued = tokens.issueNodeToken(n.id);
        audit.changed("NODE_TOKEN_ISSUED", "NODE", n.id, null, "heartbeat token valid until " + issued.expiresAt());
        return new NodeToken(n.id, issued.jwt(), "Bearer", issued.expiresAt());
    }

    @Transactional
    public List<NodeView> list() {
        return em.createQuery("from NodeEntity order by id", NodeEntity.class).getResultStream().map(this::view).toList();
    }

    @Transactional
    public NodeView get(String id) {
        return view(find(id));
    }

    public NodeEntity find(String id) {
        NodeEntity n = em.find(NodeEntity.class, id);
        if (n == null) {
            throw ProblemException.notFound("node", id);
        }
        return n;
    }

    @Transactional
    public NodeView create(NodeInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "is required", "a node");
        }
        Problems problems = new Problems();
        String id = Inputs.id(problems, "id", input.id());
        if (id != null && em.find(NodeEntity.class, id) != null) {
            throw ProblemException.conflict("id", "node '" + id + "' already exists");
        }
        NodeEntity n = new NodeEntity();
        n.id = id;
        n.createdAt = Instant.now();
        apply(n, input, problems);
        em.persist(n);
        audit.changed("NODE_CREATED", "NODE", n.id, null, n.name + " " + n.host + " probes=" + n.probes);
        return view(n);
    }

    @Transactional
    public NodeView replace(String id, NodeInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "is required", "a node");
        }
        NodeEntity n = find(id);
        Problems problems = new Problems();
        if (input.id() != null && !input.id().equals(id)) {
            problems.add("id", Inputs.quote(input.id()) + " differs from the path's '" + id + "'",
                    "the same id, or none");
        }
        apply(n, input, problems);
        em.flush();
        publisher.publishAll(em.createQuery("select deviceId from PairEntity where primaryNodeId = :n"
                + " or secondaryNodeId = :n", String.class).setParameter("n", id).getResultList());
        audit.changed("NODE_UPDATED", "NODE", n.id, null, n.name + " " + n.host + " probes=" + n.probes);
        return view(n);
    }

    @Transactional
    public void delete(String id, String reason) {
        NodeEntity n = find(id);
        List<String> pairs = pairIds(id);
        if (!pairs.isEmpty()) {
            throw ProblemException.conflict("id", "node '" + id + "' is in pair(s) " + pairs
                    + "; change or delete them first");
        }
        em.remove(n);
        audit.changed("NODE_DELETED", "NODE", id, reason, n.name + " " + n.host);
    }

    private void apply(NodeEntity n, NodeInput in, Problems problems) {
        String name = Inputs.label(problems, "name", in.name());
        String host = Inputs.host(problems, "host", in.host());
        List<Probe> probes = new ArrayList<>();
        List<ObjectNode> raw = in.probes() == null ? List.of() : in.probes();
        if (Inputs.size(problems, "probes", raw, Limits.PROBES)) {
            for (int i = 0; i < raw.size(); i++) {
                Probe p = probe(problems, "probes[" + i + "]", raw.get(i), host);
                if (p != null) {
                    probes.add(p);
                }
            }
        }
        problems.throwIfAny();
        em.createQuery("from NodeEntity where name = :v", NodeEntity.class).setParameter("v", name).getResultStream()
                .filter(other -> !Objects.equals(other.id, n.id)).findFirst().ifPresent(other -> {
                    throw ProblemException.conflict("name", "'" + name + "' is already used by node '" + other.id + "'");
                });
        n.name = name;
        n.host = host;
        n.probes = EventJson.toJson(probes);
        n.probeCombination = (in.probeCombination() == null ? ProbeCombination.ALL : in.probeCombination()).name();
        n.updatedAt = Instant.now();
    }

    /**
     * Reads one probe: type, host and path with the API's input rules (a host or path with a line break would reach
     * heartbeat-service's requests), then the events' own rules; an active probe without host checks the node's host.
     */
    private static Probe probe(Problems problems, String field, ObjectNode json, String nodeHost) {
        if (json == null) {
            problems.add(field, "is null");
            return null;
        }
        Problems own = new Problems();
        String type = json.path("type").asText(null);
        if (type == null || !PROBE_TYPES.contains(type)) {
            own.add(field + ".type", type == null ? "is required" : Inputs.quote(type)
                    + " is not one of the allowed values", String.join(", ", PROBE_TYPES));
        }
        String host = text(own, field + ".host", json);
        String path = text(own, field + ".path", json);
        host = host == null ? null : Inputs.host(own, field + ".host", host);
        path = path == null ? null : Inputs.path(own, field + ".path", path);
        if (!own.isEmpty()) {
            problems.addAll(own);
            return null;
        }
        ObjectNode filled = json.deepCopy();
        if (host != null) {
            filled.put("host", host);
        } else if (nodeHost != null && !"PASSIVE".equals(type)) {
            filled.put("host", nodeHost);
        }
        try {
            return EventJson.fromJson(filled.toString(), Probe.class);
        } catch (EventFormatException e) {
            InvalidFieldException invalid = invalidField(e);
            if (invalid != null) {
                problems.add(field + "." + invalid.field(), invalid.getMessage().substring(invalid.field().length() + 2));
            } else {
                problems.add(field, "cannot be read", "type " + String.join(", ", PROBE_TYPES) + "; port and "
                        + "expectedStatus as numbers; interval and timeout as ISO-8601 durations (PT5S); "
                        + "failureThreshold and successThreshold at least 1");
            }
            return null;
        }
    }

    /** A probe's text field, or null when absent; a value that is no text is recorded as a problem. */
    private static String text(Problems problems, String field, ObjectNode json) {
        JsonNode v = json.get(field.substring(field.lastIndexOf('.') + 1));
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(field, "is not a text", "a text");
            return null;
        }
        return v.asText();
    }

    private static InvalidFieldException invalidField(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidFieldException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private List<String> pairIds(String nodeId) {
        return em.createQuery("select id from PairEntity where primaryNodeId = :n or secondaryNodeId = :n order by id",
                String.class).setParameter("n", nodeId).getResultList();
    }

    private NodeView view(NodeEntity n) {
        return new NodeView(n.id, n.name, n.host, Nodes.probes(n), ProbeCombination.valueOf(n.probeCombination),
                pairIds(n.id), n.version, n.createdAt, n.updatedAt);
    }
}
