package io.fosfleet.config.command;

import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Commands to one device: accepted with 202 and a command id, then followed on {@code /api/commands/{id}}. */
@Path("/api/devices/{id}/commands")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class DeviceCommandResource {

    private final CommandService commands;

    public DeviceCommandResource(CommandService commands) {
        this.commands = commands;
    }

    @POST
    @Operation(summary = "Send a command to a device; 202 with the command id, then GET /api/commands/{id}")
    public Response submit(@PathParam("id") String deviceId, CommandInput input) {
        return CommandResource.accepted(commands.submit(deviceId, input));
    }
}
