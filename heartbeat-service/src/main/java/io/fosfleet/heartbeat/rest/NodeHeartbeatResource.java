package io.fosfleet.heartbeat.rest;

import io.fosfleet.heartbeat.HeartbeatService;
import io.fosfleet.heartbeat.auth.NodeAuthenticator.Refusal;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Where a PBX node pushes its passive heartbeat: {@code POST /nodes/{name}/heartbeat} with its own token
 * ({@code Authorization: Bearer <token>}), to any replica. 204 when believed; otherwise a problem+json saying why: 400
 * a malformed node name, 401 no or a bad token (with {@code WWW-Authenticate}), 403 a token that may not vouch for
 * this node.
 */
@Path("/nodes/{node}/heartbeat")
public class NodeHeartbeatResource {

    static final String PROBLEM_JSON = "application/problem+json";

    /** An RFC 7807 problem. */
    public record Problem(String type, String title, int status, String detail) {
    }

    private final HeartbeatService service;

    public NodeHeartbeatResource(HeartbeatService service) {
        this.service = service;
    }

    @POST
    public Response heartbeat(@PathParam("node") String node,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<Refusal> refusal = service.nodeHeartbeat(node, authorization);
        return refusal.map(NodeHeartbeatResource::problem).orElseGet(() -> Response.noContent().build());
    }

    private static Response problem(Refusal r) {
        Response.ResponseBuilder response = Response.status(r.status()).type(PROBLEM_JSON).entity(new Problem(
                "about:blank", Response.Status.fromStatusCode(r.status()).getReasonPhrase(), r.status(), r.detail()));
        if (r.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
                    + r.detail().replace("\"", "'") + "\"");
        } else if (r.status() == 403) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", error_description=\""
                    + r.detail().replace("\"", "'") + "\"");
        }
        return response.build();
    }
}
