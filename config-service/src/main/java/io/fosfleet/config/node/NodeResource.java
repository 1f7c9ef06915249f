package io.fosfleet.config.node;

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
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The PBX nodes and their health probes. */
@Path("/api/nodes")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class NodeResource {

    private final NodeService nodes;

    public NodeResource(NodeService nodes) {
        this.nodes = nodes;
    }

    @GET
    public List<NodeView> list() {
        return nodes.list();
    }

    @GET
    @Path("/{id}")
    public NodeView get(@PathParam("id") String id) {
        return nodes.get(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(NodeInput input, UriInfo uri) {
        NodeView created = nodes.create(input);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public NodeView replace(@PathParam("id") String id, NodeInput input) {
        return nodes.replace(id, input);
    }

    /** Issues the node's heartbeat token (admin only). */
    @POST
    @Path("/{id}/token")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "A heartbeat token for the PBX node (subject = node id, role node)")
    public NodeToken token(@PathParam("id") String id) {
        return nodes.issueToken(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") String id, @QueryParam("reason") String reason) {
        nodes.delete(id, Inputs.queryText("reason", reason, Limits.REASON));
        return Response.noContent().build();
    }
}
