package io.fosfleet.heartbeat.rest;

import io.fosfleet.heartbeat.HeartbeatService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.regex.Pattern;

/** Where a PBX node pushes its passive heartbeat: {@code POST /nodes/{name}/heartbeat}, to any replica. */
@Path("/nodes/{node}/heartbeat")
@Produces(MediaType.APPLICATION_JSON)
public class NodeHeartbeatResource {

    /** As node names in the pair configuration: they are Kafka keys and URL segments. */
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final HeartbeatService service;

    public NodeHeartbeatResource(HeartbeatService service) {
        this.service = service;
    }

    @POST
    public Response heartbeat(@PathParam("node") String node) {
        if (!NODE.matcher(node).matches()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", "node \"" + node
                    + "\" must be 1 to 128 of letters, digits, '.', '_' and '-', starting with a letter or digit"))
                    .build();
        }
        service.nodeHeartbeat(node);
        return Response.noContent().build();
    }
}
