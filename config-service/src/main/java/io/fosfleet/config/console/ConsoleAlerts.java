package io.fosfleet.config.console;

import io.fosfleet.config.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's window on alert-service, through {@link AlertClient} with the signed-in user's own token: the alerts
 * page ({@code /console/alerts}: recent notifications and silences, or why alert-service did not answer) and, for
 * operators, creating ({@code POST /console/silences}) and expiring ({@code DELETE /console/silences/{id}}) silences.
 * alert-service's answer is passed on as it is; when it cannot be reached the answer is a 502 saying so.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleAlerts {

    private final ConsoleSupport support;
    private final AlertClient alerts;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    @Location("console/alerts.html")
    Template alertsPage;

    public ConsoleAlerts(ConsoleSupport support, AlertClient alerts, SecurityIdentity identity, JsonWebToken jwt) {
        this.support = support;
        this.alerts = alerts;
        this.identity = identity;
        this.jwt = jwt;
    }

    @GET
    @Path("/alerts")
    @PermitAll
    @Blocking
    public Response alertsPage(@Context RoutingContext rc) {
        if (support.anonymous()) {
            return ConsoleSupport.toLogin(rc);
        }
        String error = null;
        List<Map<String, Object>> recent = List.of();
        List<Map<String, Object>> silences = List.of();
        try {
            // alert-service's times carry nanoseconds: the page shows them to the second
            recent = alerts.alerts(jwt.getRawToken()).stream().map(a -> {
                Object at = a.get("sentAt") != null ? a.get("sentAt") : a.get("occurredAt");
                return withTime(a, at, "when", "whenIso");
            }).toList();
            silences = alerts.silences(jwt.getRawToken()).stream()
                    .map(s -> withTime(s, s.get("endsAt"), "endsWhen", "endsIso")).toList();
        } catch (AlertClient.Unavailable e) {
            error = e.getMessage();
        }
        return Response.ok(alertsPage.data("user", support.user()).data("error", error).data("alerts", recent)
                .data("silences", silences).data("alertServiceUrl", alerts.url()).data("page", "alerts")).build();
    }

    /** An alert-service entry with a time added in words ({@code words}) and to the second ({@code iso}). */
    private static Map<String, Object> withTime(Map<String, Object> entry, Object at, String words, String iso) {
        Map<String, Object> shown = new LinkedHashMap<>(entry);
        shown.put(words, at == null ? "—" : Human.when(at.toString()));
        shown.put(iso, at == null ? "" : Human.iso(at.toString()));
        return shown;
    }

    @POST
    @Path("/silences")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response createSilence(Map<String, Object> body) {
        Map<String, Object> silence = new LinkedHashMap<>(body == null ? Map.of() : body);
        silence.put("createdBy", identity.getPrincipal().getName());   // who, as signed in; not what the page says
        return passOn(() -> alerts.createSilence(jwt.getRawToken(), support.json(silence)));
    }

    @DELETE
    @Path("/silences/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response expireSilence(@PathParam("id") String id) {
        return passOn(() -> alerts.expireSilence(jwt.getRawToken(), id));
    }

    /** See {@link ConsoleSupport#unexpected}. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return support.unexpected(e, headers, uri);
    }

    private interface AlertCall {
        AlertClient.Answer call() throws AlertClient.Unavailable;
    }

    private static Response passOn(AlertCall call) {
        try {
            AlertClient.Answer a = call.call();
            return Response.status(a.status()).type(MediaType.APPLICATION_JSON).entity(a.body()).build();
        } catch (AlertClient.Unavailable e) {
            return ConsoleSupport.problem(502, "Bad Gateway", e.getMessage());
        }
    }
}
