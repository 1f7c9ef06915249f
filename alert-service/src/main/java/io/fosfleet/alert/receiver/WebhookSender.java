package io.fosfleet.alert.receiver;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.routing.ReceiverSpec.Webhook;
import io.fosfleet.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts notifications as JSON shaped like Alertmanager's webhook payload (receiver, status, groupLabels, alerts with
 * labels and annotations), plus the ids of the events behind them. Any answer but 2xx is a failed attempt.
 */
@ApplicationScoped
public class WebhookSender {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public void send(Webhook to, Notification n, Instant now) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(to.url())
                .timeout(to.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", n.id().toString())
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.toJson(payload(n, now))));
        if (to.tokenEnv().isPresent()) {
            String token = System.getenv(to.tokenEnv().get());
            if (token == null || token.isBlank()) {
                throw new IOException("environment variable " + to.tokenEnv().get() + " (the webhook token) is not set");
            }
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("answered HTTP " + response.statusCode());
        }
    }

    static Map<String, Object> payload(Notification n, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", "4");
        p.put("notificationId", n.id());
        p.put("receiver", n.receiver().name());
        p.put("status", n.resolved() ? "resolved" : "firing");
        p.put("groupKey", n.groupKey());
        p.put("groupLabels", n.groupLabels());
        p.put("subject", Texts.subject(n));
        p.put("sentAt", now);
        p.put("eventIds", n.eventIds());
        List<Map<String, Object>> alerts = n.alerts().stream().map(WebhookSender::alert).toList();
        p.put("alerts", alerts);
        return p;
    }

    /**
     * One alert as Alertmanager shows it: its current status, labels (with that status), annotations fitted to its
     * state, startsAt, endsAt once resolved, and the events of this group behind it, in order.
     */
    private static Map<String, Object> alert(Notification.AlertState state) {
        AlertEvent e = state.current();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("status", state.status().name().toLowerCase(java.util.Locale.ROOT));
        a.put("labels", e.labels());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", e.condition().summary());
        annotations.put("description", e.message());
        annotations.put("check", state.check());
        e.deviceMessage().ifPresent(m -> annotations.put("deviceMessage", m));
        a.put("annotations", annotations);
        a.put("startsAt", state.startsAt());
        if (!state.firing()) {
            a.put("endsAt", e.occurredAt());
        }
        a.put("eventId", e.id());
        a.put("events", state.events().stream().map(WebhookSender::event).toList());
        a.put("details", e.details());
        return a;
    }

    private static Map<String, Object> event(AlertEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.id());
        m.put("type", e.condition().typeName());
        m.put("status", e.condition().status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("occurredAt", e.occurredAt());
        m.put("message", e.message());
        return m;
    }
}
