package io.fosfleet.alert.rest;

import io.fosfleet.alert.AlertService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The notifications this replica sent or dead-lettered lately, newest first (the full record is on fos.alerts). */
@Path("/api/alerts")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final AlertService service;

    public AlertResource(AlertService service) {
        this.service = service;
    }

    @GET
    public List<Object> recent(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new IllegalArgumentException("limit: " + limit + " is outside 1..200");
        }
        List<Object> all = service.delivery().recent();
        return all.subList(0, Math.min(limit, all.size()));
    }
}
