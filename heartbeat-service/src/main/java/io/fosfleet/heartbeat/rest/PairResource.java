package io.fosfleet.heartbeat.rest;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.heartbeat.HeartbeatService;
import io.fosfleet.heartbeat.pair.PairView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The pairs this replica owns, read only: state, primary health, probes, kicks and the worst-case kick gap. */
@Path("/pairs")
@Produces(MediaType.APPLICATION_JSON)
public class PairResource {

    private final HeartbeatService service;

    public PairResource(HeartbeatService service) {
        this.service = service;
    }

    /** This replica's id and its pairs. */
    public record OwnedPairs(String replica, int owned, List<PairView> pairs) {
    }

    @GET
    public OwnedPairs all() {
        List<PairView> views = service.pairs().views();
        return new OwnedPairs(service.replicaId(), views.size(), views);
    }

    @GET
    @Path("/{deviceId}")
    public Response one(@PathParam("deviceId") String deviceId) {
        DeviceId id;
        try {
            id = DeviceId.of(deviceId);
        } catch (InvalidFieldException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
        }
        return Response.ok(service.pairs().view(id).orElseThrow(() ->
                new NotFoundException("replica " + service.replicaId() + " does not own a pair of device " + id)))
                .build();
    }
}
