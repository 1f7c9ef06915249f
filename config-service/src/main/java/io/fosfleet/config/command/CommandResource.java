package io.fosfleet.config.command;

import io.fosfleet.events.DeviceCommand;
import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.fosfleet.config.problem.Inputs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Commands: discovery scans, and every command's progress until device-gateway reports the outcome. */
@Path("/api/commands")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class CommandResource {

    private final CommandService commands;

    public CommandResource(CommandService commands) {
        this.commands = commands;
    }

    @POST
    @Path("/scan")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Discovery scan by device-gateway (parameters host, range or broadcast)")
    public Response scan(CommandInput input) {
        CommandInput scan = new CommandInput(DeviceCommand.Type.SCAN,
                input == null ? null : input.parameters(), input == null ? null : input.reason(), false);
        return accepted(commands.submit(CommandService.SCAN_KEY, scan));
    }

    @GET
    @Path("/{commandId}")
    public CommandView get(@PathParam("commandId") String commandId) {
        return commands.get(commandId);
    }

    @GET
    public List<CommandView> list(@QueryParam("deviceId") String deviceId, @QueryParam("limit") String limit) {
        return commands.list(Inputs.queryText("deviceId", deviceId), Inputs.queryInt("limit", limit, 1, 1000, 100));
    }

    static Response accepted(CommandView command) {
        return Response.accepted(command)
                .location(UriBuilder.fromPath("/api/commands/{id}").build(command.commandId())).build();
    }
}
