package io.fosfleet.config.settings;

import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Fleet-wide defaults and per-site overrides of the desired device settings and drift policy. */
@Path("/api/settings")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class SettingsResource {

    private final SettingsService settings;

    public SettingsResource(SettingsService settings) {
        this.settings = settings;
    }

    @GET
    @Path("/fleet")
    @Transactional
    public SettingsService.Scope fleet() {
        return settings.fleet();
    }

    @PUT
    @Path("/fleet")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace the fleet-wide defaults; every device is republished")
    public SettingsService.Scope putFleet(SettingsService.Scope scope) {
        return settings.putFleet(scope);
    }

    @GET
    @Path("/sites")
    @Transactional
    public List<String> sites() {
        return settings.sites();
    }

    @GET
    @Path("/sites/{site}")
    @Transactional
    public SettingsService.Scope site(@PathParam("site") String site) {
        return settings.site(site);
    }

    @PUT
    @Path("/sites/{site}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace one site's overrides; the site's devices are republished")
    public SettingsService.Scope putSite(@PathParam("site") String site, SettingsService.Scope scope) {
        return settings.putSite(site, scope);
    }
}
