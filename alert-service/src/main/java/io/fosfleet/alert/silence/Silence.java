package io.fosfleet.alert.silence;

import io.fosfleet.alert.routing.Matcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A silence as in Alertmanager: alerts whose labels match every matcher are not notified between {@code startsAt}
 * and {@code endsAt}. Removing a silence expires it (its end becomes now); it stays visible as expired.
 */
public record Silence(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant updatedAt) {

    /** Alertmanager's three states. */
    public enum State { PENDING, ACTIVE, EXPIRED }

    public Silence {
        matchers = List.copyOf(matchers);
    }

    /**
     * Checks what a client sent; the message names the field and the rule.
     *
     * @throws IllegalArgumentException when a field is missing or the times are out of order
     */
    public static Silence create(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                 String comment, Instant now) {
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException("matchers: at least one is required, e.g. {\"name\":\"pair\",\"value\":\"pbx-a\"}");
        }
        if (endsAt == null) {
            throw new IllegalArgumentException("endsAt: required, an ISO-8601 instant such as 2026-11-27T22:00:00Z");
        }
        Instant start = startsAt == null ? now : startsAt;
        if (!endsAt.isAfter(start)) {
            throw new IllegalArgumentException("endsAt: " + endsAt + " must be after startsAt " + start);
        }
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("endsAt: " + endsAt + " is in the past");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("createdBy: required, who creates the silence");
        }
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("comment: required, why the alerts are silenced");
        }
        return new Silence(UUID.randomUUID(), matchers, start, endsAt, createdBy.strip(), comment.strip(), now);
    }

    public State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    public boolean silences(Map<String, String> labels, Instant now) {
        return state(now) == State.ACTIVE && matchers.stream().allMatch(m -> m.matches(labels));
    }

    /** The same silence, ended now. */
    public Silence expire(Instant now) {
        return new Silence(id, matchers, startsAt, now.isBefore(startsAt) ? startsAt : now, createdBy, comment, now);
    }
}
