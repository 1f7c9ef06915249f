package io.fosfleet.alert.rest;

import io.fosfleet.alert.AlertService;
import io.fosfleet.alert.routing.Matcher;
import io.fosfleet.alert.silence.Silence;
import io.fosfleet.alert.silence.SilenceStore;
import io.fosfleet.events.InvalidFieldException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Silences over REST, shaped like Alertmanager's API v2: list, show, create, expire. */
@Path("/api/silences")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    /**
     * What a client sends to create a silence; {@code startsAt} defaults to now. There is no {@code createdBy}: the
     * author is the user of the request's token, and a {@code createdBy} in the body is ignored like any unknown key.
     */
    public record SilenceInput(List<Matcher> matchers, Instant startsAt, Instant endsAt, String comment) {
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
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return service.silences().get(parse(id)).map(s -> Response.ok(SilenceView.of(s, Instant.now())).build())
                .orElseGet(() -> notFound(id, uri));
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SilenceInput in, @Context SecurityContext caller) {
        if (in == null) {
            throw new InvalidFieldException("body", "required, a JSON silence with matchers, endsAt and comment");
        }
        Instant now = Instant.now();
        Silence s = service.silences().save(Silence.create(in.matchers(), in.startsAt(), in.endsAt(),
                caller.getUserPrincipal().getName(), in.comment(), now));
        return Response.created(URI.create("/api/silences/" + s.id())).entity(SilenceView.of(s, now)).build();
    }

    /** Expires the silence; it stays listed as expired. */
    @DELETE
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Path("{id}")
    public Response expire(@PathParam("id") String id, @Context UriInfo uri) {
        Instant now = Instant.now();
        var found = service.silences().get(parse(id));
        if (found.isEmpty()) {
            return notFound(id, uri);
        }
        if (SilenceStore.automatic(found.get())) {
            return ValidationProblems.answer(409, "Conflict", "silence " + id + " exists because its pair is in"
                    + " maintenance; take the pair out of maintenance in config-service", uri, List.of());
        }
        return Response.ok(SilenceView.of(service.silences().save(found.get().expire(now)), now)).build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("id", "not a silence id (a UUID such as"
                    + " 0f8fad5b-d9cb-469f-a165-70867728950e)");
        }
    }

    private static Response notFound(String id, UriInfo uri) {
        return ValidationProblems.answer(404, "Not found", "no silence " + id, uri, List.of());
    }
}
