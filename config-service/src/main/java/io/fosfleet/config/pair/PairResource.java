package io.fosfleet.config.pair;

import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** PBX pairs: inventory (admin), maintenance (operator), HA check (everyone). */
@Path("/api/pairs")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class PairResource {

    /** Switches maintenance on or off; the reason is mandatory. */
    public record Maintenance(boolean enabled, String reason) {
    }

    private final PairService pairs;

    public PairResource(PairService pairs) {
        this.pairs = pairs;
    }

    @GET
    public List<PairView> list(@QueryParam("deviceId") String deviceId) {
        return pairs.list(Inputs.queryText("deviceId", deviceId));
    }

    @GET
    @Path("/{id}")
    public PairView get(@PathParam("id") String id) {
        return pairs.get(id);
    }

    @GET
    @Path("/{id}/ha-check")
    @Operation(summary = "Does the watchdog interval outlast heartbeat-service's worst-case kick gap?")
    public HaCheck haCheck(@PathParam("id") String id) {
        return pairs.get(id).haCheck();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(PairInput input, UriInfo uri) {
        PairView created = pairs.create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public PairView replace(@PathParam("id") String id, PairInput input) {
        return pairs.replace(id, input);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a pair (its device is no longer kicked and fails over); reason required")
    public Response delete(@PathParam("id") String id, @QueryParam("reason") String reason) {
        pairs.delete(id, reason);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/maintenance")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Put a pair in maintenance or take it out; reason required")
    public PairView maintenance(@PathParam("id") String id, Maintenance body) {
        return pairs.maintenance(id, body != null && body.enabled(), body == null ? null : body.reason());
    }
}
