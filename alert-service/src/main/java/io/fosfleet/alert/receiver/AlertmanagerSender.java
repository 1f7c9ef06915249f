package io.fosfleet.alert.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.ReceiverSpec.Alertmanager;
import io.fosfleet.alert.routing.RoutingRules;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts alerts to a Prometheus Alertmanager (API v2, {@code POST /api/v2/alerts}), as Prometheus does: every alert of
 * a notification with its labels, annotations, {@code startsAt} and {@code endsAt}. A firing alert's {@code endsAt}
 * lies {@link Alertmanager#validFor() four resend intervals} ahead, and it is posted again every resend interval while
 * it fires, so Alertmanager keeps it active whatever its {@code resolve_timeout}; a resolution is posted with the
 * resolving event's time as {@code endsAt}.
 *
 * <p>Which alerts fire at a receiver is the {@link FiringLog}'s truth: a notification posts only the alerts whose
 * state it carries is still the newest (a retried firing never reopens an alert resolved meanwhile), and alerts the
 * log names firing but this process never posted (after a restart, or posted by another replica) are re-sent too,
 * with the labels and annotations Alertmanager still holds, else with a short text of their own. Posts to one
 * receiver never overlap, so a re-send cannot overtake a resolution.
 */
@ApplicationScoped
public class AlertmanagerSender {

    /** The labels alert-service sets itself; a receiver's fixed labels may not use these names. */
    public static final List<String> OWN_LABELS = List.of("alertname", "severity", "device", "pair", "site", "rack",
            "service", AlertEvent.FLAPPING_OF);
    /** An Alertmanager's error answer is read up to this many bytes, for the log. */
    private static final int MAX_ANSWER = 512;
    private static final Logger LOG = Logger.getLogger(AlertmanagerSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An alert as last posted: what a re-send posts again, with a new endsAt. */
    record Posted(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, String generatorUrl) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MeterRegistry registry;
    /** receiver → condition key → the firing alert as posted. */
    private final Map<String, Map<String, Posted>> firing = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastResend = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastWarning = new ConcurrentHashMap<>();

    public AlertmanagerSender(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Posts the notification's alerts whose state is still the newest at this receiver; the others are carried by a
     * later notification. Throws on any failure (the delivery retries the whole notification).
     */
    public void send(String receiver, Alertmanager to, Notification n, FiringLog log, Instant now)
            throws IOException, InterruptedException {
        synchronized (lock(receiver)) {
            Map<String, Posted> known = firing.computeIfAbsent(receiver, k -> new ConcurrentHashMap<>());
            Map<String, Posted> firingNow = new LinkedHashMap<>();
            List<String> resolvedNow = new ArrayList<>();
            List<Map<String, Object>> alerts = new ArrayList<>();
            for (Notification.AlertState a : n.alerts()) {
                String condition = a.current().conditionKey();
                var state = log.state(receiver, condition);
                if (state.isPresent() && !state.get().eventId().equals(a.current().id())) {
                    continue;  // a newer state of this alert is (or was) in another notification
                }
                Posted previous = known.get(condition);
                Instant startsAt = previous != null ? previous.startsAt() : a.startsAt();
                Posted p = new Posted(labels(a.current(), to), annotations(a), startsAt, generatorUrl(a.current(), to));
                if (a.firing()) {
                    alerts.add(json(p, now.plus(to.validFor())));
                    firingNow.put(condition, p);
                } else {
                    Instant endsAt = a.current().occurredAt().isBefore(startsAt) ? startsAt : a.current().occurredAt();
                    alerts.add(json(p, endsAt));
                    resolvedNow.add(condition);
                }
            }
            if (alerts.isEmpty()) {
                return;
            }
            post(to, alerts);
            known.putAll(firingNow);
            resolvedNow.forEach(known::remove);
        }
    }

    /**
     * Posts again, per Alertmanager receiver whose resend interval has passed, every alert firing there: those this
     * process posted, and those the firing log names firing but this process never posted (for at least one resend
     * interval, so a notification still being delivered is not overtaken). Failures are counted and logged; the next
     * interval tries again.
     */
    public void resend(RoutingRules rules, FiringLog log, Inventory inventory, Instant now) {
        Set<String> active = new java.util.HashSet<>();
        for (ReceiverSpec spec : rules.receivers().values()) {
            if (!(spec.channel().orElse(null) instanceof Alertmanager to)) {
                continue;
            }
            String receiver = spec.name();
            active.add(receiver);
            Instant last = lastResend.get(receiver);
            if (last != null && last.plus(to.resendInterval()).isAfter(now)) {
                continue;
            }
            lastResend.put(receiver, now);
            try {
                resend(receiver, to, log, inventory, now);
                registry.counter("fosfleet.alert.alertmanager.resends", "receiver", receiver, "outcome", "ok")
                        .increment();
            } catch (IOException | RuntimeException e) {
                registry.counter("fosfleet.alert.alertmanager.resends", "receiver", receiver, "outcome", "failed")
                        .increment();
                warn(receiver, now, "re-sending the firing alerts to Alertmanager receiver " + receiver + " failed,"
                        + " next try in " + to.resendInterval().toSeconds() + " s: " + reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // a receiver gone from the routing file: its alerts end in Alertmanager when their endsAt passes
        firing.keySet().retainAll(active);
        lastResend.keySet().retainAll(active);
    }

    private void resend(String receiver, Alertmanager to, FiringLog log, Inventory inventory, Instant now)
            throws IOException, InterruptedException {
        synchronized (lock(receiver)) {
            Map<String, Posted> known = firing.computeIfAbsent(receiver, k -> new ConcurrentHashMap<>());
            // the log is the truth: what it no longer names firing here is not re-sent
            known.keySet().removeIf(condition -> !log.firing(receiver, condition));
            List<FiringLog.Entry> unknown = log.firingAt(receiver).stream()
                    .filter(e -> !known.containsKey(e.condition()))
                    .filter(e -> e.at().plus(to.resendInterval()).isBefore(now))
                    .toList();
            if (!unknown.isEmpty()) {
                Map<String, Posted> held = current(to);
                for (FiringLog.Entry e : unknown) {
                    Posted p = held.get(e.condition());
                    known.put(e.condition(), p != null ? p : restored(e, to, inventory));
                }
            }
            if (known.isEmpty()) {
                return;
            }
            List<Map<String, Object>> alerts = new ArrayList<>();
            known.values().forEach(p -> alerts.add(json(p, now.plus(to.validFor()))));
            post(to, alerts);
        }
    }

    /** The alerts of this receiver's fosfleet that the Alertmanager holds as active, by condition key. */
    private Map<String, Posted> current(Alertmanager to) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("?active=true&silenced=true&inhibited=true&unprocessed=true");
        Map<String, String> fixed = new LinkedHashMap<>(to.labels());
        fixed.put("service", "fosfleet");
        fixed.forEach((k, v) -> query.append("&filter=").append(URLEncoder.encode(k + "=\"" + v.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"", StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.url() + "/api/v2/alerts" + query))
                .timeout(to.timeout()).header("Accept", "application/json").GET();
        authorize(request, to);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException("GET /api/v2/alerts answered HTTP " + response.statusCode() + answer(body));
            }
            Map<String, Posted> held = new HashMap<>();
            for (JsonNode a : JSON.readTree(body)) {
                Map<String, String> labels = strings(a.path("labels"));
                Map<String, String> annotations = strings(a.path("annotations"));
                String alertname = labels.getOrDefault("alertname", "");
                if (alertname.equals(Condition.FLAPPING.alertName())) {
                    alertname = alertname + ":" + labels.getOrDefault(AlertEvent.FLAPPING_OF, "");
                }
                String key = alertname + "/" + labels.getOrDefault("device", "");
                Instant startsAt;
                try {
                    startsAt = Instant.parse(a.path("startsAt").asText());
                } catch (java.time.format.DateTimeParseException e) {
                    continue;
                }
                held.put(key, new Posted(labels, annotations, startsAt, a.path("generatorURL").asText("")));
            }
            return held;
        }
    }

    /**
     * An alert the firing log names firing but whose texts are gone (Alertmanager let it expire): posted again with
     * what is known for sure, its name, device, placement and since when it fires.
     */
    private static Posted restored(FiringLog.Entry e, Alertmanager to, Inventory inventory) {
        String[] parts = e.condition().split("/", 2);
        String alertname = parts[0];
        String flapping = null;
        if (alertname.startsWith(Condition.FLAPPING.alertName() + ":")) {
            flapping = alertname.substring(Condition.FLAPPING.alertName().length() + 1);
            alertname = Condition.FLAPPING.alertName();
        }
        String name = alertname;
        Condition condition = java.util.Arrays.stream(Condition.values())
                .filter(c -> c.alertName().equals(name) && c.status() == Condition.Status.FIRING)
                .findFirst().orElse(null);
        DeviceId device = DeviceId.of(parts.length > 1 ? parts[1] : "");
        AlertEvent.Placement where = inventory.of(device);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        if (condition != null) {
            labels.put("severity", condition.severity().name().toLowerCase(Locale.ROOT));
        }
        labels.put("device", device.value());
        putIfSet(labels, "pair", where.pairId());
        putIfSet(labels, "site", where.site());
        putIfSet(labels, "rack", where.rack());
        putIfSet(labels, AlertEvent.FLAPPING_OF, flapping);
        labels.put("service", "fosfleet");
        labels.putAll(to.labels());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", condition != null ? condition.summary() : alertname);
        annotations.put("description", "Still firing since " + Texts.time(e.at()) + " (re-sent from alert-service's"
                + " memory of firing alerts, which keeps no event text)");
        return new Posted(labels, annotations, e.at(), generatorUrl(where.pairId(), to));
    }

    /** The alert's identity in Alertmanager: the same for its firing and its resolution. */
    static Map<String, String> labels(AlertEvent e, Alertmanager to) {
        Map<String, String> all = e.labels();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", all.get("alertname"));
        labels.put("severity", all.get("severity"));
        labels.put("device", all.get("device"));
        putIfSet(labels, "pair", all.get("pair"));
        putIfSet(labels, "site", all.get("site"));
        putIfSet(labels, "rack", all.get("rack"));
        if (e.condition() == Condition.FLAPPING || e.condition() == Condition.STABLE) {
            putIfSet(labels, AlertEvent.FLAPPING_OF, e.details().get(AlertEvent.FLAPPING_OF));
        }
        labels.put("service", "fosfleet");
        labels.putAll(to.labels());
        return labels;
    }

    /** The texts the webhook carries for the alert's current event. */
    static Map<String, String> annotations(Notification.AlertState a) {
        AlertEvent e = a.current();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", e.condition().summary());
        annotations.put("description", e.message());
        annotations.put("check", a.check());
        e.deviceMessage().ifPresent(m -> annotations.put("deviceMessage", m));
        return annotations;
    }

    private static String generatorUrl(AlertEvent e, Alertmanager to) {
        return generatorUrl(e.placement().pairId(), to);
    }

    /** The pair's page in the console, or the console itself for a device without a pair; empty without a console. */
    private static String generatorUrl(String pair, Alertmanager to) {
        return to.consoleUrl().map(c -> pair == null || pair.isEmpty() ? c.toString()
                : c + "/pairs/" + URLEncoder.encode(pair, StandardCharsets.UTF_8).replace("+", "%20")).orElse("");
    }

    private static Map<String, Object> json(Posted p, Instant endsAt) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("labels", p.labels());
        a.put("annotations", p.annotations());
        a.put("startsAt", p.startsAt().toString());
        a.put("endsAt", endsAt.toString());
        if (!p.generatorUrl().isEmpty()) {
            a.put("generatorURL", p.generatorUrl());
        }
        return a;
    }

    private void post(Alertmanager to, List<Map<String, Object>> alerts) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.url() + "/api/v2/alerts"))
                .timeout(to.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.toJson(alerts)));
        authorize(request, to);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException("POST /api/v2/alerts answered HTTP " + response.statusCode() + answer(body));
            }
        }
    }

    private static void authorize(HttpRequest.Builder request, Alertmanager to) throws IOException {
        if (to.auth().isEmpty()) {
            return;
        }
        try {
            if (to.auth().get() instanceof ReceiverSpec.BasicAuth basic) {
                String pair = basic.username() + ":" + basic.password().read();
                request.header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            } else if (to.auth().get() instanceof ReceiverSpec.BearerAuth bearer) {
                request.header("Authorization", "Bearer " + bearer.token().read());
            }
        } catch (IllegalArgumentException e) {
            // a line break in the secret: the message would not name it, but be sure
            throw new IOException("the secret holds characters an HTTP header cannot carry");
        }
    }

    /** The start of an error answer (Alertmanager says what it refused), one line, printable characters only. */
    private static String answer(InputStream body) throws IOException {
        byte[] start = body.readNBytes(MAX_ANSWER);
        String text = new String(start, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}+", " ").strip();
        return text.isEmpty() ? "" : ": " + text;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
        return m;
    }

    private static void putIfSet(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.put(name, value);
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : e instanceof java.net.ConnectException ? "connection refused" : "failed without a reason";
        }
        return message;
    }

    /** At most one warning a minute per receiver: a dead Alertmanager must not flood the log. */
    private void warn(String receiver, Instant now, String line) {
        Instant last = lastWarning.get(receiver);
        if (last == null || last.plus(Duration.ofMinutes(1)).isBefore(now)) {
            lastWarning.put(receiver, now);
            LOG.warn(line);
        }
    }

    private Object lock(String receiver) {
        return locks.computeIfAbsent(receiver, k -> new Object());
    }
}
