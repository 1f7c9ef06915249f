package io.fosfleet.config.console;

import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.device.DeviceService;
import io.fosfleet.config.device.DeviceView;
import io.fosfleet.config.history.HistoryStore;
import io.fosfleet.config.history.LiveEvent;
import io.fosfleet.config.node.NodeService;
import io.fosfleet.config.pair.PairService;
import io.fosfleet.config.pair.PairView;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.events.HeartbeatEvent;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's read-only pages: the fleet ({@code /console}: summary bar, every device's row, filters) and a pair
 * ({@code /console/pairs/{id}}: drawing, status, probes, events, desired vs actual settings, audit trail; the
 * controls on it call the API itself, so they are checked, audited and refused exactly like any API client), and a
 * page saying so for any other address under {@code /console}. Signed out, each leads to the sign-in page.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    /** A device setting on the pair page: what config-service tells the device, what it reports, and whether they differ. */
    public record Setting(String key, String desired, String from, String actual, boolean drift) {
    }

    /** The filter value that shows every row that needs attention, whatever its state. */
    private static final String PROBLEM_FILTER = "PROBLEM";
    /** heartbeat-service puts each probe's result into its verdict's details under this prefix. */
    private static final String PROBE_PREFIX = "probe.";

    private final ConsoleSupport support;
    private final ConsoleFleet fleet;
    private final PairService pairs;
    private final DeviceService devices;
    private final NodeService nodes;
    private final HistoryStore history;
    private final AuditLog audit;

    @Location("console/fleet.html")
    Template fleetPage;
    @Location("console/pair.html")
    Template pairPage;

    public ConsolePages(ConsoleSupport support, ConsoleFleet fleet, PairService pairs, DeviceService devices,
                        NodeService nodes, HistoryStore history, AuditLog audit) {
        this.support = support;
        this.fleet = fleet;
        this.pairs = pairs;
        this.devices = devices;
        this.nodes = nodes;
        this.history = history;
        this.audit = audit;
    }

    @GET
    @PermitAll
    public Response fleetPage(@QueryParam("site") String site, @QueryParam("state") String state,
                              @QueryParam("q") String q, @Context RoutingContext rc) {
        if (support.anonymous()) {
            return ConsoleSupport.toLogin(rc);
        }
        List<ConsoleRow> all = fleet.rows();
        List<ConsoleRow> shown = all.stream().filter(r -> matches(r, site, state, q)).toList();
        TreeSet<String> sites = new TreeSet<>();
        all.forEach(r -> sites.add(Objects.requireNonNullElse(r.site(), "")));
        sites.remove("");
        return Response.ok(fleetPage.data("user", support.user()).data("rows", shown).data("total", all.size())
                .data("summary", ConsoleFleet.summary(all)).data("sites", sites)
                .data("site", blankToNull(site)).data("state", blankToNull(state)).data("q", blankToNull(q))
                .data("page", "fleet")).build();
    }

    @GET
    @Path("/pairs/{id}")
    @PermitAll
    @Transactional
    public Response pairPage(@PathParam("id") String id, @Context RoutingContext rc) {
        if (support.anonymous()) {
            return ConsoleSupport.toLogin(rc);
        }
        PairView pair;
        try {
            pair = pairs.get(id);
        } catch (ProblemException e) {
            return support.error(404, "No pair " + ConsoleSupport.quoted(id), "There is no pair "
                    + ConsoleSupport.quoted(id) + " in the inventory. It may have been deleted, or the address is "
                    + "mistyped.", null);
        }
        DeviceView device = devices.get(pair.deviceId());
        ConsoleRow row = fleet.row(pair.deviceId());
        List<LiveEvent> events = history.find(new HistoryStore.Filter(pair.deviceId(), null, null, null, null, null,
                null, 50));
        // the probe results that came with heartbeat-service's last verdict, shown with that verdict and its time
        Map<String, String> probes = new LinkedHashMap<>();
        LiveEvent verdict = events.stream().filter(e -> HeartbeatEvent.Type.PRIMARY_DOWN.name().equals(e.type())
                || HeartbeatEvent.Type.PRIMARY_UP.name().equals(e.type())).findFirst().orElse(null);
        if (verdict != null) {
            verdict.details().entrySet().stream().filter(d -> d.getKey().startsWith(PROBE_PREFIX))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(d -> probes.put(d.getKey().substring(PROBE_PREFIX.length()), d.getValue()));
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
        return Response.ok(pairPage.data("user", support.user()).data("pair", pair).data("device", device)
                .data("row", row).data("primary", nodes.get(pair.primaryNodeId()))
                .data("secondary", nodes.get(pair.secondaryNodeId())).data("events", events).data("probes", probes)
                .data("probeVerdict", verdict)
                .data("audit", trail.subList(0, Math.min(30, trail.size()))).data("settings", settings)
                .data("drifts", settings.stream().filter(Setting::drift).count())
                .data("bypass", ConsoleFleet.BYPASS.equals(row.scenario())).data("page", "pair")).build();
    }

    /**
     * Any other address under {@code /console}: a page saying so, not the framework's bare text. The console's own
     * files (style, script, icon) are served before this is asked.
     */
    @GET
    @Path("/{rest: .+}")
    @PermitAll
    public Response unknownPage(@PathParam("rest") String rest, @Context RoutingContext rc) {
        if (support.anonymous()) {
            return ConsoleSupport.toLogin(rc);
        }
        return support.error(404, "No such page", "The console has no page " + ConsoleSupport.quoted("/console/"
                + rest) + ". The address may be mistyped or from an older version of fosfleet.", null);
    }

    /** See {@link ConsoleSupport#unexpected}. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return support.unexpected(e, headers, uri);
    }

    /** The fleet page's filters: site, state (or PROBLEM: every row that needs attention) and free text. */
    private static boolean matches(ConsoleRow r, String site, String state, String q) {
        if (site != null && !site.isBlank() && !site.equals(r.site())) {
            return false;
        }
        if (state != null && !state.isBlank()
                && !(PROBLEM_FILTER.equals(state) ? r.problem() : state.equals(r.state().name()))) {
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
}
