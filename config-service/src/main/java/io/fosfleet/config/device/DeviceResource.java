package io.fosfleet.config.device;

import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The device inventory: registration, desired settings, removal. */
@Path("/api/devices")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class DeviceResource {

    private final DeviceService devices;

    public DeviceResource(DeviceService devices) {
        this.devices = devices;
    }

    @GET
    @Operation(summary = "Registered devices, optionally of one site and rack")
    public List<DeviceView> list(@QueryParam("site") String site, @QueryParam("rack") String rack) {
        return devices.list(Inputs.queryText("site", site), Inputs.queryText("rack", rack));
    }

    @GET
    @Path("/{id}")
    public DeviceView get(@PathParam("id") String id) {
        return devices.get(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register a device; its desired configuration is published to fos.config")
    public Response create(DeviceInput input, UriInfo uri) {
        DeviceView created = devices.create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a device's registration and own settings")
    public DeviceView replace(@PathParam("id") String id, DeviceInput input) {
        return devices.replace(id, input);
    }

    @PUT
    @Path("/{id}/settings")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace only the device's own desired settings")
    public DeviceView putSettings(@PathParam("id") String id, Map<String, String> settings) {
        return devices.putSettings(id, settings);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a device that serves no pair; a DELETED record is published")
    public Response delete(@PathParam("id") String id, @QueryParam("reason") String reason) {
        devices.delete(id, Inputs.queryText("reason", reason, Limits.REASON));
        return Response.noContent().build();
    }
}
