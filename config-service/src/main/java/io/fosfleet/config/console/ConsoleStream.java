package io.fosfleet.config.console;

import io.fosfleet.config.security.Revocations;
import io.fosfleet.config.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's live stream, {@code GET /console/stream} (server-sent events, any role), which keeps open fleet and
 * pair pages current from {@link ConsoleLive}'s updates: first a {@code snapshot} of every row (also after a
 * reconnect, so a page that lost its connection is right again) with the signed-in user's name (a page drawn for
 * another user reloads), then a {@code row} per change (with the event that caused it), and a {@code ping} every
 * 15 s so a dead connection is noticed and the browser reconnects. The stream ends within {@link #SESSION_CHECK} once
 * its session is signed out (in any window, on any replica) or expires: a signed-out window receives nothing more,
 * and its browser's reconnect finds out who, if anyone, is signed in now.
 */
@Path("/console")
public class ConsoleStream {

    /** How often an open stream asks whether its session was signed out or has expired. */
    static final Duration SESSION_CHECK = Duration.ofSeconds(3);
    /** How often an open stream sends a ping. */
    static final Duration PING = Duration.ofSeconds(15);

    private final ConsoleSupport support;
    private final ConsoleFleet fleet;
    private final ConsoleLive live;
    private final Revocations revocations;
    private final JsonWebToken jwt;

    @Location("console/row.html")
    Template rowFragment;

    public ConsoleStream(ConsoleSupport support, ConsoleFleet fleet, ConsoleLive live, Revocations revocations,
                         JsonWebToken jwt) {
        this.support = support;
        this.fleet = fleet;
        this.live = live;
        this.revocations = revocations;
        this.jwt = jwt;
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Blocking
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> updates = live.updates().map(u -> sse.newEventBuilder().name("row")
                .data(support.json(Map.of("row", u.row(), "html", rowFragment.data("row", u.row()).render(),
                        "event", u.event() == null ? Map.of() : u.event()))).build());
        List<ConsoleRow> rows = fleet.rows();
        String html = rows.stream().map(r -> rowFragment.data("row", r).render()).collect(Collectors.joining());
        OutboundSseEvent snapshot = sse.newEventBuilder().name("snapshot")
                .data(support.json(Map.of("rows", rows, "html", html, "summary", ConsoleFleet.summary(rows),
                        "user", support.user().name()))).build();
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(PING)
                .map(t -> sse.newEventBuilder().name("ping").data("{}").build());
        OutboundSseEvent end = sse.newEventBuilder().name("end").data("{}").build();
        String jti = jwt.getTokenID();
        long expires = jwt.getExpirationTime();
        Multi<OutboundSseEvent> sessionOver = Multi.createFrom().ticks().every(SESSION_CHECK)
                .onItem().transformToUniAndConcatenate(t -> Uni.createFrom().item(() -> sessionOver(jti, expires))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .select().where(over -> over).map(over -> end);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(snapshot),
                Multi.createBy().merging().streams(updates, pings, sessionOver)).select().first(e -> e != end);
    }

    /** See {@link ConsoleSupport#unexpected}. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return support.unexpected(e, headers, uri);
    }

    private boolean sessionOver(String jti, long expiresEpochSeconds) {
        return (expiresEpochSeconds > 0 && Instant.now().getEpochSecond() >= expiresEpochSeconds)
                || (jti != null && revocations.revoked(jti));
    }
}
