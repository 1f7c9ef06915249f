package io.fosfleet.config.audit;

import io.fosfleet.config.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
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
                                     @QueryParam("from") Instant from,
                                     @QueryParam("to") Instant to,
                                     @QueryParam("limit") @DefaultValue("100") int limit) {
        return audit.find(targetType, targetId, actor, action, from, to, Math.max(1, Math.min(limit, 1000)));
    }
}
