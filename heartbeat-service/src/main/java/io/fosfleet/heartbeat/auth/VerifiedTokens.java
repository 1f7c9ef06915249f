package io.fosfleet.heartbeat.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Node tokens whose signature, issuer and audience were checked, by token string, each until it expires: a node
 * sending a heartbeat every second with the same token costs one signature check, not one per heartbeat. Bounded: the
 * least recently used token goes first, so a flood of distinct valid tokens costs checks, never memory.
 */
final class VerifiedTokens {

    /** What a verified token says: whose it is, its roles, and until when. */
    record Claims(String subject, Set<String> groups, Instant expiresAt) {
    }

    private final Map<String, Claims> tokens;

    VerifiedTokens(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("fosfleet.heartbeat.token-cache-size must be 1 or more, not "
                    + capacity);
        }
        this.tokens = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Claims> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The claims of a token verified before and not expired at {@code now}. */
    synchronized Optional<Claims> get(String token, Instant now) {
        Claims claims = tokens.get(token);
        if (claims != null && !now.isBefore(claims.expiresAt())) {
            tokens.remove(token);
            return Optional.empty();
        }
        return Optional.ofNullable(claims);
    }

    synchronized void put(String token, Claims claims) {
        tokens.put(token, claims);
    }

    synchronized int size() {
        return tokens.size();
    }
}
