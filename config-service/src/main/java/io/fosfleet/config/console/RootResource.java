package io.fosfleet.config.console;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The service's root leads a browser to the console; a browser asking for the classic icon gets the console's. */
@Path("/")
@PermitAll
public class RootResource {

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/console")).build();
    }

    @GET
    @Path("favicon.ico")
    public Response favicon() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/console/favicon.svg")).build();
    }
}
