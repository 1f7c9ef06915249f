package io.fosfleet.config.importexport;

import io.fosfleet.config.problem.FieldProblem;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Import (admin) and export (everyone) of {@code /etc/bnfos.conf} and res_bnfos's {@code bnfos.conf}, as plain text.
 * An import is a dry run unless {@code dryRun=false}; a file with errors is refused whole, naming each line.
 */
@Path("/api")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class ImportExportResource {

    private final ImportExportService service;

    public ImportExportResource(ImportExportService service) {
        this.service = service;
    }

    @POST
    @Path("/import/etc-bnfos-conf")
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Import devices from /etc/bnfos.conf (dry run unless dryRun=false)")
    public ImportReport importEtc(@QueryParam("dryRun") String dryRun, String text) {
        return refuseIfBroken(service.importEtcBnfosConf(bounded(text), Inputs.queryBoolean("dryRun", dryRun, true)));
    }

    @POST
    @Path("/import/res-bnfos-conf")
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Import kick interval and start delay from res_bnfos's bnfos.conf (dry run unless dryRun=false)")
    public ImportReport importRes(@QueryParam("dryRun") String dryRun, String text) {
        return refuseIfBroken(service.importResBnfosConf(bounded(text), Inputs.queryBoolean("dryRun", dryRun, true)));
    }

    @GET
    @Path("/export/etc-bnfos-conf")
    @Produces(MediaType.TEXT_PLAIN)
    public String exportEtc() {
        return service.exportEtcBnfosConf();
    }

    @GET
    @Path("/export/res-bnfos-conf")
    @Produces(MediaType.TEXT_PLAIN)
    public String exportRes() {
        return service.exportResBnfosConf();
    }

    /** A file is read whole into memory and planned section by section: its size is bounded. */
    private static String bounded(String text) {
        if (text != null && text.length() > Limits.IMPORT_CHARS) {
            String problem = "has " + text.length() + " characters";
            throw new ProblemException(413, "File too large", "the file " + problem + "; at most " + Limits.IMPORT_CHARS
                    + " are imported at once: split it", List.of(new FieldProblem("body", problem, "at most "
                    + Limits.IMPORT_CHARS + " characters and " + Limits.IMPORT_SECTIONS + " sections")));
        }
        return text;
    }

    /** A dry run shows errors in its report; a real import with errors is a 400 naming each line. */
    private static ImportReport refuseIfBroken(ImportReport report) {
        if (!report.dryRun() && !report.errors().isEmpty()) {
            throw new ProblemException(400, "Invalid file", report.errors().size() + " line(s) cannot be imported; "
                    + "nothing was changed", report.errors().stream()
                    .map(e -> FieldProblem.of("line " + e.line(), e.message())).toList());
        }
        return report;
    }
}
