package io.fosfleet.alert.silence;

import io.fosfleet.alert.routing.Matcher;
import io.fosfleet.events.InvalidFieldException;

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

    /** Most matchers in one silence: bounds the work per event and the size of the stored record. */
    public static final int MAX_MATCHERS = 20;
    /** Longest comment. */
    public static final int MAX_COMMENT = 1000;
    /** Longest author name (the token's user). */
    public static final int MAX_AUTHOR = 100;

    /**
     * Checks what a client sent; the exception names the field and the rule or limit. With these limits a stored
     * silence is at most about 30 KB of JSON, far below Kafka's record limit (1 MB by default).
     *
     * @param createdBy the user of the request's token, never a value from the request body
     * @throws InvalidFieldException when a field is missing, too long or the times are out of order
     */
    public static Silence create(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                 String comment, Instant now) {
        if (matchers == null || matchers.isEmpty()) {
            throw new InvalidFieldException("matchers", "at least one is required, e.g. {\"name\":\"pair\",\"value\":\"pbx-a\"}");
        }
        if (matchers.size() > MAX_MATCHERS) {
            throw new InvalidFieldException("matchers", matchers.size() + " matchers; at most " + MAX_MATCHERS + " allowed");
        }
        if (matchers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidFieldException("matchers", "a matcher is null; each is {\"name\": ..., \"value\": ...}");
        }
        if (endsAt == null) {
            throw new InvalidFieldException("endsAt", "required, an ISO-8601 instant such as 2026-11-27T22:00:00Z");
        }
        Instant start = startsAt == null ? now : startsAt;
        if (!endsAt.isAfter(start)) {
            throw new InvalidFieldException("endsAt", endsAt + " must be after startsAt " + start);
        }
        if (!endsAt.isAfter(now)) {
            throw new InvalidFieldException("endsAt", endsAt + " is in the past");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new InvalidFieldException("createdBy", "the token names no user");
        }
        if (createdBy.length() > MAX_AUTHOR || createdBy.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("createdBy", "the token's user name is not 1 to " + MAX_AUTHOR
                    + " characters without control characters");
        }
        if (comment == null || comment.isBlank()) {
            throw new InvalidFieldException("comment", "required, why the alerts are silenced");
        }
        if (comment.length() > MAX_COMMENT) {
            throw new InvalidFieldException("comment", comment.length() + " characters; at most " + MAX_COMMENT
                    + " allowed");
        }
        if (comment.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidFieldException("comment", "control characters other than line breaks and tabs are not"
                    + " allowed");
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
