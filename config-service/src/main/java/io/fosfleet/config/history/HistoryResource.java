package io.fosfleet.config.history;

import io.fosfleet.config.JsonText;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.pair.PairEntity;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The fleet view (latest state of every device) and the event history. */
@Path("/api")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class HistoryResource {

    private static final List<String> KINDS = List.of("DEVICE", "HEARTBEAT");
    private static final List<String> TYPES = Stream.concat(Inputs.names(DeviceEvent.Type.class).stream(),
            Inputs.names(HeartbeatEvent.Type.class).stream()).toList();

    private final EntityManager em;
    private final HistoryStore history;

    public HistoryResource(EntityManager em, HistoryStore history) {
        this.em = em;
        this.history = history;
    }

    @GET
    @Path("/fleet")
    @Transactional
    @Operation(summary = "Every registered device with its pair and latest observed state")
    public List<FleetEntry> fleet(@QueryParam("site") String site) {
        String wanted = Inputs.queryText("site", site);
        Map<String, DeviceStateEntity> states = em.createQuery("from DeviceStateEntity", DeviceStateEntity.class)
                .getResultStream().collect(Collectors.toMap(s -> s.deviceId, Function.identity()));
        Map<String, PairEntity> pairs = em.createQuery("from PairEntity", PairEntity.class).getResultStream()
                .collect(Collectors.toMap(p -> p.deviceId, Function.identity()));
        return em.createQuery("from DeviceEntity order by id", DeviceEntity.class).getResultStream()
                .filter(d -> wanted == null || wanted.equals(d.site))
                .map(d -> entry(d, states.get(d.id), pairs.get(d.id))).toList();
    }

    @GET
    @Path("/fleet/{deviceId}")
    @Transactional
    public FleetEntry device(@PathParam("deviceId") String deviceId) {
        DeviceEntity d = em.find(DeviceEntity.class, deviceId);
        if (d == null) {
            throw ProblemException.notFound("device", deviceId);
        }
        PairEntity pair = em.createQuery("from PairEntity where deviceId = :d", PairEntity.class)
                .setParameter("d", deviceId).getResultStream().findFirst().orElse(null);
        return entry(d, em.find(DeviceStateEntity.class, deviceId), pair);
    }

    @GET
    @Path("/history")
    @Operation(summary = "Device and heartbeat events, newest first, by device, pair, site, kind, type and time")
    public List<LiveEvent> find(@QueryParam("deviceId") String deviceId, @QueryParam("pairId") String pairId,
                                @QueryParam("site") String site, @QueryParam("kind") String kind,
                                @QueryParam("type") String type, @QueryParam("from") String from,
                                @QueryParam("to") String to, @QueryParam("limit") String limit) {
        return history.find(new HistoryStore.Filter(Inputs.queryText("deviceId", deviceId),
                Inputs.queryText("pairId", pairId), Inputs.queryText("site", site),
                Inputs.queryChoice("kind", kind, KINDS), Inputs.queryChoice("type", type, TYPES),
                Inputs.queryInstant("from", from), Inputs.queryInstant("to", to),
                Inputs.queryInt("limit", limit, 1, 1000, 100)));
    }

    private static FleetEntry entry(DeviceEntity d, DeviceStateEntity s, PairEntity p) {
        return new FleetEntry(d.id, d.name, d.site, d.rack, d.host, p == null ? null : p.id,
                p == null ? null : p.maintenance, s == null ? null : s.reachable, s == null ? null : s.devmode,
                s == null ? null : s.observedAt, s == null ? null : s.occurredAt,
                s == null ? null : JsonText.map(s.values));
    }
}
