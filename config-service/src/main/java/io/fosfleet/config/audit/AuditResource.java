package io.fosfleet.config.audit;

import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import io.fosfleet.config.problem.Inputs;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Reads the audit log: who changed or commanded what, when, why, and the result. */
@Path("/api/audit")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class AuditResource {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Transactional
    @Operation(summary = "Audit entries, newest first")
    public List<AuditLog.Entry> find(@QueryParam("targetType") String targetType,
                                     @QueryParam("targetId") String targetId,
                                     @QueryParam("actor") String actor,
                                     @QueryParam("action") String action,
                                     @QueryParam("from") String from,
                                     @QueryParam("to") String to,
                                     @QueryParam("limit") String limit) {
        return audit.find(Inputs.queryText("targetType", targetType),
                Inputs.queryText("targetId", targetId), Inputs.queryText("actor", actor),
                Inputs.queryText("action", action), Inputs.queryInstant("from", from), Inputs.queryInstant("to", to),
                Inputs.queryInt("limit", limit, 1, 1000, 100));
    }
}
