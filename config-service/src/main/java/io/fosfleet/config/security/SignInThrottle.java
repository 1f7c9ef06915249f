package io.fosfleet.config.security;

import io.fosfleet.config.ConfigServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed sign-ins per user name and per source address and says how long the next attempt must wait:
 * nothing for the first {@code freeFailures}, then {@code baseDelay} doubling per failure up to {@code maxDelay}, and
 * at {@code lockoutFailures} a lockout of {@code lockout}. Counting per user stops guessing one user's password from
 * many addresses; counting per source stops one address from trying many users. Unknown users are counted like known
 * ones, so the answers never tell whether a user exists.
 *
 * <p>Memory is bounded: at most {@code maxTracked} users and sources are remembered, the least recently seen are
 * dropped first, so an attacker rotating user names or addresses cannot grow it. Failures older than the lockout are
 * forgotten.
 */
@ApplicationScoped
public class SignInThrottle {

    /** The rules (see the module README, {@code fosfleet.config.auth.throttle.*}). */
    public record Rules(int freeFailures, Duration baseDelay, Duration maxDelay, int lockoutFailures, Duration lockout,
                        int maxTracked) {

        static Rules of(ConfigServiceConfig.Throttle t) {
            return new Rules(t.freeFailures(), t.baseDelay(), t.maxDelay(), t.lockoutFailures(), t.lockout(),
                    t.maxTracked());
        }
    }

    /** What one failure did: the failures now counted for the user and the source, and who it locked out. */
    public record Failure(int userFailures, int sourceFailures, List<String> lockedOut) {
    }

    /** One user's or source's recent failures and until when its next attempt is refused. */
    private record Count(int failures, Instant lastFailure, Instant blockedUntil) {
    }

    private final Rules rules;
    private final Clock clock;
    private final Map<String, Count> counts;

    @Inject
    public SignInThrottle(ConfigServiceConfig config) {
        this(Rules.of(config.auth().throttle()), Clock.systemUTC());
    }

    public SignInThrottle(Rules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        this.counts = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > rules.maxTracked();
            }
        };
    }

    /** How long an attempt by this user from this source must still wait; empty when it may go ahead now. */
    public synchronized Optional<Duration> waitFor(String user, String source) {
        Instant now = clock.instant();
        Instant until = later(blockedUntil(userKey(user), now), blockedUntil(sourceKey(source), now));
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /** Counts a wrong password (or an unknown user) for both the user and the source. */
    public synchronized Failure failed(String user, String source) {
        Instant now = clock.instant();
        List<String> lockedOut = new ArrayList<>(2);
        int userFailures = count(userKey(user), now, lockedOut);
        int sourceFailures = count(sourceKey(source), now, lockedOut);
        return new Failure(userFailures, sourceFailures, lockedOut);
    }

    /** A successful sign-in clears the user's failures (not the source's: one good account must not unlock it). */
    public synchronized void succeeded(String user) {
        counts.remove(userKey(user));
    }

    /** How many users and sources are remembered now. */
    public synchronized int tracked() {
        return counts.size();
    }

    private int count(String key, Instant now, List<String> lockedOut) {
        Count before = current(key, now);
        int failures = before == null ? 1 : before.failures() + 1;
        Instant blockedUntil = now;
        if (failures >= rules.lockoutFailures()) {
            blockedUntil = now.plus(rules.lockout());
            if (failures == rules.lockoutFailures()) {
                lockedOut.add(key);
            }
        } else if (failures >= rules.freeFailures()) {
            blockedUntil = now.plus(delay(failures - rules.freeFailures()));
        }
        counts.put(key, new Count(failures, now, blockedUntil));
        return failures;
    }

    /** {@code baseDelay * 2^doublings}, at most {@code maxDelay}. */
    private Duration delay(int doublings) {
        Duration d = rules.baseDelay();
        for (int i = 0; i < doublings && d.compareTo(rules.maxDelay()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(rules.maxDelay()) > 0 ? rules.maxDelay() : d;
    }

    /** The key's count, or null when it has none or its last failure is older than the lockout (forgotten). */
    private Count current(String key, Instant now) {
        Count c = counts.get(key);
        if (c != null && c.blockedUntil().isBefore(now) && c.lastFailure().plus(rules.lockout()).isBefore(now)) {
            counts.remove(key);
            return null;
        }
        return c;
    }

    private Instant blockedUntil(String key, Instant now) {
        Count c = current(key, now);
        return c == null || !c.blockedUntil().isAfter(now) ? null : c.blockedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** User names are the attacker's choice: only their first 100 characters count, so a key's size is bounded. */
    static String userKey(String user) {
        String u = user == null ? "" : user;
        return "user " + (u.length() > 100 ? u.substring(0, 100) : u);
    }

    static String sourceKey(String source) {
        return "source " + source;
    }
}
