package io.fosfleet.alert.rest;

import io.fosfleet.alert.AlertService;
import io.fosfleet.events.InvalidFieldException;
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

    static final int MAX_LIMIT = 200;

    private final AlertService service;

    public AlertResource(AlertService service) {
        this.service = service;
    }

    @GET
    public List<Object> recent(@QueryParam("limit") @DefaultValue("50") String limitParam) {
        // Taken as text: a parameter JAX-RS cannot convert would be answered 404, as if the resource did not exist.
        int limit;
        try {
            limit = Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        List<Object> all = service.delivery().recent();
        return all.subList(0, Math.min(limit, all.size()));
    }
}
