package io.fosfleet.alert.rest;

import io.fosfleet.alert.AlertService;
import io.fosfleet.alert.routing.Matcher;
import io.fosfleet.alert.silence.Silence;
import io.fosfleet.alert.silence.SilenceStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Silences over REST, shaped like Alertmanager's API v2: list, show, create, expire. */
@Path("/api/silences")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    /** What a client sends to create a silence; {@code startsAt} defaults to now. */
    public record SilenceInput(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                               String comment) {
    }

    /** A silence with its state now and whether it was made automatically (a pair in maintenance). */
    public record SilenceView(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                              String comment, Instant updatedAt, Silence.State state, boolean automatic) {
        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(s.id(), s.matchers(), s.startsAt(), s.endsAt(), s.createdBy(), s.comment(),
                    s.updatedAt(), s.state(now), SilenceStore.automatic(s));
        }
    }

    private final AlertService service;

    public SilenceResource(AlertService service) {
        this.service = service;
    }

    @GET
    public List<SilenceView> list() {
        Instant now = Instant.now();
        return service.silences().list(now).stream().map(s -> SilenceView.of(s, now)).toList();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return service.silences().get(parse(id)).map(s -> Response.ok(SilenceView.of(s, Instant.now())).build())
                .orElseGet(() -> notFound(id));
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SilenceInput in) {
        if (in == null) {
            throw new IllegalArgumentException("body: a JSON silence with matchers, endsAt, createdBy and comment");
        }
        Instant now = Instant.now();
        Silence s = service.silences().save(Silence.create(in.matchers(), in.startsAt(), in.endsAt(), in.createdBy(),
                in.comment(), now));
        return Response.created(URI.create("/api/silences/" + s.id())).entity(SilenceView.of(s, now)).build();
    }

    /** Expires the silence; it stays listed as expired. */
    @DELETE
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Path("{id}")
    public Response expire(@PathParam("id") String id) {
        Instant now = Instant.now();
        var found = service.silences().get(parse(id));
        if (found.isEmpty()) {
            return notFound(id);
        }
        if (SilenceStore.automatic(found.get())) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error",
                    "silence " + id + " exists because its pair is in maintenance; take the pair out of maintenance"
                            + " in config-service")).build();
        }
        return Response.ok(SilenceView.of(service.silences().save(found.get().expire(now)), now)).build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id: '" + id + "' is not a silence id (a UUID)");
        }
    }

    private static Response notFound(String id) {
        return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no silence " + id)).build();
    }
}
