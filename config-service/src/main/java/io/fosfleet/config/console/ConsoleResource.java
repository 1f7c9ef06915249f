package io.fosfleet.config.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.device.DeviceService;
import io.fosfleet.config.device.DeviceView;
import io.fosfleet.config.history.HistoryStore;
import io.fosfleet.config.history.LiveEvent;
import io.fosfleet.config.node.NodeService;
import io.fosfleet.config.node.NodeView;
import io.fosfleet.config.pair.PairService;
import io.fosfleet.config.pair.PairView;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.ProblemMappers;
import io.fosfleet.config.security.Revocations;
import io.fosfleet.config.security.Roles;
import io.fosfleet.config.security.SignIn;
import io.fosfleet.config.security.TokenIssuer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The NOC console: server-rendered pages (fleet, pair, alerts, sign-in) and the server-sent event stream that keeps
 * open pages current. Controls on the pages call the API itself ({@code /api/devices/{id}/commands},
 * {@code /api/pairs/{id}/maintenance}), so they are checked, audited and refused exactly like any API client.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    /** A device setting on the pair page: what config-service tells the device, what it reports, and whether they differ. */
    public record Setting(String key, String desired, String from, String actual, boolean drift) {
    }

    /** The signed-in user as the pages show it. */
    public record User(String name, String role, boolean canControl) {
    }

    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);

    private final ConsoleFleet fleet;
    private final ConsoleLive live;
    private final PairService pairs;
    private final DeviceService devices;
    private final NodeService nodes;
    private final HistoryStore history;
    private final AuditLog audit;
    private final TokenIssuer tokens;
    private final SignIn signIn;
    private final Revocations revocations;
    private final AlertClient alerts;
    private final ObjectMapper json;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    @Location("console/fleet.html")
    Template fleetPage;
    @Location("console/pair.html")
    Template pairPage;
    @Location("console/alerts.html")
    Template alertsPage;
    @Location("console/login.html")
    Template loginPage;
    @Location("console/row.html")
    Template rowFragment;
    @Location("console/error.html")
    Template errorPage;

    public ConsoleResource(ConsoleFleet fleet, ConsoleLive live, PairService pairs, DeviceService devices,
                           NodeService nodes, HistoryStore history, AuditLog audit, TokenIssuer tokens,
                           SignIn signIn, Revocations revocations, AlertClient alerts, ObjectMapper json,
                           SecurityIdentity identity, JsonWebToken jwt) {
        this.fleet = fleet;
        this.live = live;
        this.pairs = pairs;
        this.devices = devices;
        this.nodes = nodes;
        this.history = history;
        this.audit = audit;
        this.tokens = tokens;
        this.signIn = signIn;
        this.revocations = revocations;
        this.alerts = alerts;
        this.json = json;
        this.identity = identity;
        this.jwt = jwt;
    }

    // ---- sign-in ----------------------------------------------------------------------------------------------

    @GET
    @Path("/login")
    @PermitAll
    public TemplateInstance login(@QueryParam("signedOut") boolean signedOut, @QueryParam("expired") boolean expired) {
        return loginPage.data("error", null).data("signedOut", signedOut).data("expired", expired && !signedOut)
                .data("demoUsers", tokens.enabled()).data("user", null);
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password,
                           @Context HttpServerRequest request) {
        TokenIssuer.Issued issued;
        try {
            issued = signIn.signIn(username, password, request);
        } catch (SignIn.Throttled e) {
            return Response.status(429).header("Retry-After", e.retryAfterSeconds()).entity(loginPage
                    .data("error", "Too many failed sign-ins. Try again in " + e.retryAfterSeconds() + " seconds.")
                    .data("signedOut", false).data("expired", false).data("demoUsers", true).data("user", null))
                    .build();
        } catch (ProblemException e) {
            String error = tokens.enabled() ? "Wrong user name or password." : "Sign-in with a password is off on "
                    + "this installation: use your organisation's identity provider.";
            return Response.status(tokens.enabled() ? 401 : 404).entity(loginPage.data("error", error)
                    .data("signedOut", false).data("expired", false).data("demoUsers", tokens.enabled())
                    .data("user", null)).build();
        }
        return Response.seeOther(URI.create("/console"))
                .header("Set-Cookie", ConsoleSession.cookie(issued.jwt(), issued.expiresAt(), request)).build();
    }

    /** Signs out: the session's token is revoked (on every replica, until it expires) and the cookie cleared. */
    @POST
    @Path("/logout")
    @PermitAll
    public Response signOut(@Context HttpServerRequest request) {
        if (!identity.isAnonymous()) {
            revocations.revoke(jwt);
        }
        return Response.seeOther(URI.create("/console/login?signedOut=true"))
                .header("Set-Cookie", ConsoleSession.cleared(request)).build();
    }

    // ---- pages ------------------------------------------------------------------------------------------------

    @GET
    @PermitAll
    public Response fleetPage(@QueryParam("site") String site, @QueryParam("state") String state,
                              @QueryParam("q") String q, @Context RoutingContext rc) {
        if (identity.isAnonymous()) {
            return toLogin(rc);
        }
        List<ConsoleRow> all = fleet.rows();
        List<ConsoleRow> shown = all.stream().filter(r -> matches(r, site, state, q)).toList();
        TreeSet<String> sites = new TreeSet<>();
        all.forEach(r -> sites.add(Objects.requireNonNullElse(r.site(), "")));
        sites.remove("");
        return Response.ok(fleetPage.data("user", user()).data("rows", shown).data("total", all.size())
                .data("summary", ConsoleFleet.summary(all)).data("sites", sites)
                .data("site", blankToNull(site)).data("state", blankToNull(state)).data("q", blankToNull(q))
                .data("page", "fleet")).build();
    }

    @GET
    @Path("/pairs/{id}")
    @PermitAll
    @Transactional
    public Response pairPage(@PathParam("id") String id, @Context RoutingContext rc) {
        if (identity.isAnonymous()) {
            return toLogin(rc);
        }
        PairView pair;
        try {
            pair = pairs.get(id);
        } catch (ProblemException e) {
            return error(404, "No pair " + quoted(id), "There is no pair " + quoted(id)
                    + " in the inventory. It may have been deleted, or the address is mistyped.", null);
        }
        DeviceView device = devices.get(pair.deviceId());
        ConsoleRow row = fleet.row(pair.deviceId());
        NodeView primary = nodes.get(pair.primaryNodeId());
        NodeView secondary = nodes.get(pair.secondaryNodeId());
        List<LiveEvent> events = history.find(new HistoryStore.Filter(pair.deviceId(), null, null, null, null, null,
                null, 50));
        // the probe results that came with heartbeat-service's last verdict, shown with that verdict and its time
        Map<String, String> probes = new LinkedHashMap<>();
        LiveEvent verdict = events.stream().filter(e -> "PRIMARY_DOWN".equals(e.type())
                || "PRIMARY_UP".equals(e.type())).findFirst().orElse(null);
        if (verdict != null) {
            verdict.details().entrySet().stream().filter(d -> d.getKey().startsWith("probe."))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(d -> probes.put(d.getKey().substring("probe.".length()), d.getValue()));
        }
        List<AuditLog.Entry> trail = new ArrayList<>(audit.find(null, id, null, null, null, null, 30));
        trail.addAll(audit.find(null, pair.deviceId(), null, null, null, null, 30));
        trail.sort(Comparator.comparing(AuditLog.Entry::at).reversed());
        Map<String, String> actual = fleet.values(pair.deviceId());
        List<Setting> settings = device.effectiveSettings().entrySet().stream()
                .map(s -> {
                    String observed = actual.get(s.getKey());
                    return new Setting(s.getKey(), s.getValue().value(), s.getValue().from(), observed,
                            observed != null && !sameValue(s.getValue().value(), observed));
                })
                .sorted(Comparator.comparing(Setting::drift).reversed().thenComparing(Setting::key)).toList();
        return Response.ok(pairPage.data("user", user()).data("pair", pair).data("device", device).data("row", row)
                .data("primary", primary).data("secondary", secondary).data("events", events).data("probes", probes)
                .data("probeVerdict", verdict)
                .data("audit", trail.subList(0, Math.min(30, trail.size()))).data("settings", settings)
                .data("drifts", settings.stream().filter(Setting::drift).count())
                .data("bypass", "bypass".equals(row.scenario())).data("page", "pair")).build();
    }

    @GET
    @Path("/alerts")
    @PermitAll
    @Blocking
    public Response alertsPage(@Context RoutingContext rc) {
        if (identity.isAnonymous()) {
            return toLogin(rc);
        }
        String error = null;
        List<Map<String, Object>> recent = List.of();
        List<Map<String, Object>> silences = List.of();
        try {
            // alert-service's times carry nanoseconds: the page shows them to the second
            recent = alerts.alerts(jwt.getRawToken()).stream().map(a -> {
                Object at = a.get("sentAt") != null ? a.get("sentAt") : a.get("occurredAt");
                Map<String, Object> shown = new LinkedHashMap<>(a);
                shown.put("when", at == null ? "—" : Human.when(at.toString()));
                shown.put("whenIso", at == null ? "" : Human.iso(at.toString()));
                return shown;
            }).toList();
            silences = alerts.silences(jwt.getRawToken()).stream().map(s -> {
                Object until = s.get("endsAt");
                Map<String, Object> shown = new LinkedHashMap<>(s);
                shown.put("endsWhen", until == null ? "—" : Human.when(until.toString()));
                shown.put("endsIso", until == null ? "" : Human.iso(until.toString()));
                return shown;
            }).toList();
        } catch (AlertClient.Unavailable e) {
            error = e.getMessage();
        }
        return Response.ok(alertsPage.data("user", user()).data("error", error).data("alerts", recent)
                .data("silences", silences).data("alertServiceUrl", alerts.url()).data("page", "alerts")).build();
    }

    // ---- silences (alert-service), for the operator -----------------------------------------------------------

    @POST
    @Path("/silences")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response createSilence(Map<String, Object> body) {
        Map<String, Object> silence = new LinkedHashMap<>(body == null ? Map.of() : body);
        silence.put("createdBy", identity.getPrincipal().getName());   // who, as signed in; not what the page says
        return passOn(() -> alerts.createSilence(jwt.getRawToken(), text(silence)));
    }

    @DELETE
    @Path("/silences/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response expireSilence(@PathParam("id") String id) {
        return passOn(() -> alerts.expireSilence(jwt.getRawToken(), id));
    }

    private interface AlertCall {
        AlertClient.Answer call() throws AlertClient.Unavailable;
    }

    private static Response passOn(AlertCall call) {
        try {
            AlertClient.Answer a = call.call();
            return Response.status(a.status()).type(MediaType.APPLICATION_JSON).entity(a.body()).build();
        } catch (AlertClient.Unavailable e) {
            return Response.status(502).type("application/problem+json").entity(Map.of("type", "about:blank",
                    "title", "Bad Gateway", "status", 502, "detail", e.getMessage())).build();
        }
    }

    // ---- live -------------------------------------------------------------------------------------------------

    /**
     * Server-sent events: first a {@code snapshot} of every row (also after a reconnect, so a page that lost its
     * connection is right again) with the signed-in user's name (a page drawn for another user reloads), then a
     * {@code row} per change (with the event that caused it), and a {@code ping} every 15 s so a dead connection is
     * noticed and the browser reconnects. The stream ends within {@link #SESSION_CHECK} once its session is signed
     * out (in any window, on any replica) or expires: a signed-out window receives nothing more, and its browser's
     * reconnect finds out who, if anyone, is signed in now.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Blocking
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> updates = live.updates().map(u -> sse.newEventBuilder().name("row")
                .data(text(Map.of("row", u.row(), "html", rowFragment.data("row", u.row()).render(),
                        "event", u.event() == null ? Map.of() : u.event()))).build());
        List<ConsoleRow> rows = fleet.rows();
        String html = rows.stream().map(r -> rowFragment.data("row", r).render()).collect(Collectors.joining());
        OutboundSseEvent snapshot = sse.newEventBuilder().name("snapshot")
                .data(text(Map.of("rows", rows, "html", html, "summary", ConsoleFleet.summary(rows),
                        "user", user().name()))).build();
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(Duration.ofSeconds(15))
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

    /** How often an open stream asks whether its session was signed out or has expired. */
    static final Duration SESSION_CHECK = Duration.ofSeconds(3);

    private boolean sessionOver(String jti, long expiresEpochSeconds) {
        return (expiresEpochSeconds > 0 && Instant.now().getEpochSecond() >= expiresEpochSeconds)
                || (jti != null && revocations.revoked(jti));
    }

    // ---- errors: a page with the layout, what happened and a way back ---------------------------------------------

    /**
     * Any other address under {@code /console}: a page saying so, not the framework's bare text. The console's own
     * files (style, script, icon) are served before this is asked.
     */
    @GET
    @Path("/{rest: .+}")
    @PermitAll
    public Response unknownPage(@PathParam("rest") String rest, @Context RoutingContext rc) {
        if (identity.isAnonymous()) {
            return toLogin(rc);
        }
        return error(404, "No such page", "The console has no page " + quoted("/console/" + rest)
                + ". The address may be mistyped or from an older version of fosfleet.", null);
    }

    /**
     * What goes wrong under a console page: a page for a browser (signed out: to sign-in; refused: why; anything
     * unforeseen: a reference under which the cause is logged), the API's problem+json for the console's scripts.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        if (e instanceof ProblemException p) {
            return new ProblemMappers().problem(p, uri);
        }
        if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
            return wantsPage(headers) ? Response.seeOther(URI.create("/console/login?expired=true")).build()
                    : problem(401, "Unauthorized", "sign in first: the console session has ended or is missing");
        }
        if (e instanceof io.quarkus.security.ForbiddenException) {
            return wantsPage(headers) ? error(403, "Not allowed", "Your role (" + user().role() + ") may not do "
                    + "this. Sign in as a user with the right role, or ask an administrator.", null)
                    : problem(403, "Forbidden", "your role (" + user().role() + ") may not do this");
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int status = w.getResponse().getStatus();
            if (!wantsPage(headers)) {
                return problem(status, w.getResponse().getStatusInfo().getReasonPhrase(), w.getMessage());
            }
            return status == 403
                    ? error(403, "Not allowed", "Your role may not open this. Sign in as a user with the right "
                            + "role, or ask an administrator.", null)
                    : error(status, w.getResponse().getStatusInfo().getReasonPhrase(), "The console could not "
                            + "answer this request (HTTP " + status + ").", null);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "console: unexpected error, reference %s", reference);
        if (!wantsPage(headers)) {
            return problem(500, "Internal Server Error", "unexpected error; reference " + reference
                    + " in config-service's log");
        }
        return error(500, "Something went wrong", "The console could not show this page because of an error in "
                + "config-service. Nothing was changed. Try again; if it keeps happening, give this reference to "
                + "whoever runs fosfleet.", reference);
    }

    /** An error page: status, a heading, what happened in words, and a way back to the fleet. */
    Response error(int status, String heading, String what, String reference) {
        User who = identity.isAnonymous() ? null : user();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(errorPage.data("status", status).data("heading", heading).data("what", what)
                        .data("reference", reference).data("user", who).data("page", "error")
                        .data("backUrl", who == null ? "/console/login" : "/console")
                        .data("backText", who == null ? "Sign in" : "Back to the fleet").render())
                .build();
    }

    private static boolean wantsPage(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.TEXT_HTML_TYPE)
                && !t.isWildcardType());
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json").entity(Map.of("type", "about:blank",
                "title", title, "status", status, "detail", detail)).build();
    }

    /** What came in the address, quoted: at most 100 characters, control characters escaped (one safe line). */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("“");
        text.codePoints().limit(100).forEach(c -> out.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append(text.codePointCount(0, text.length()) > 100 ? "…”" : "”").toString();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private User user() {
        String role = identity.hasRole(Roles.ADMIN) ? Roles.ADMIN : identity.hasRole(Roles.OPERATOR) ? Roles.OPERATOR
                : Roles.VIEWER;
        return new User(identity.getPrincipal().getName(), role, !Roles.VIEWER.equals(role));
    }

    /** To the sign-in page; it says so when the browser came with a session that has ended. */
    private static Response toLogin(RoutingContext rc) {
        boolean ended = rc != null && Boolean.TRUE.equals(rc.get(StaleSessionFilter.ENDED));
        return Response.seeOther(URI.create(ended ? "/console/login?expired=true" : "/console/login")).build();
    }

    private static boolean matches(ConsoleRow r, String site, String state, String q) {
        if (site != null && !site.isBlank() && !site.equals(r.site())) {
            return false;
        }
        if (state != null && !state.isBlank() && !("PROBLEM".equals(state) ? r.problem() : state.equals(r.state()))) {
            return false;
        }
        if (q == null || q.isBlank()) {
            return true;
        }
        String needle = q.strip().toLowerCase(Locale.ROOT);
        return List.of(r.deviceId(), Objects.toString(r.name(), ""), Objects.toString(r.pairId(), ""),
                Objects.toString(r.site(), ""), Objects.toString(r.rack(), "")).stream()
                .anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static boolean sameValue(String desired, String actual) {
        Integer a = ConsoleFleet.intOf(desired);
        Integer b = ConsoleFleet.intOf(actual);
        return a != null && b != null ? a.equals(b) : desired.strip().equalsIgnoreCase(actual.strip());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
