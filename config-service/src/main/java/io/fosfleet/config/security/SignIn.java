package io.fosfleet.config.security;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Password sign-in, shared by {@code POST /api/auth/token} and the console's form: throttled per user and per source
 * address ({@link SignInThrottle}) before the password is even looked at, so a locked-out user is refused also with
 * the right password, and answered at once (429 with Retry-After) instead of a sleeping thread. Failures are counted
 * in {@code fosfleet_signin_failures_total{reason}}, refusals in {@code fosfleet_signin_throttled_total}, and audited
 * sparingly: one entry per lockout and one per {@code audit-every} failures, never the password.
 */
@ApplicationScoped
public class SignIn {

    /** Refused because of earlier failures; try again after {@code retryAfter}. */
    public static final class Throttled extends RuntimeException {

        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("too many failed sign-ins for this user or from this address; try again in "
                    + seconds(retryAfter) + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** Whole seconds, rounded up, at least 1 (what Retry-After says). */
        public long retryAfterSeconds() {
            return seconds(retryAfter);
        }

        private static long seconds(Duration d) {
            return Math.max(1, (d.toMillis() + 999) / 1000);
        }
    }

    private static final Logger LOG = Logger.getLogger(SignIn.class);

    private final TokenIssuer tokens;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Set<String> trustedProxies;
    private final int auditEvery;
    private final AtomicLong failures = new AtomicLong();

    public SignIn(TokenIssuer tokens, SignInThrottle throttle, AuditLog audit, MeterRegistry registry,
                  ConfigServiceConfig config) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.audit = audit;
        this.registry = registry;
        this.trustedProxies = Set.copyOf(config.auth().throttle().trustedProxies().orElse(List.of()));
        this.auditEvery = Math.max(1, config.auth().throttle().auditEvery());
    }

    /**
     * A token for this user, or: {@link Throttled} (429) while the user or the source is slowed or locked out, a 401
     * problem for an unknown user or a wrong password (never saying which), 404 when password sign-in is off.
     */
    public TokenIssuer.Issued signIn(String username, String password, HttpServerRequest request) {
        if (!tokens.enabled()) {
            return tokens.issue(username, password);   // answers 404: nothing to guess, nothing to count
        }
        String source = source(request);
        var wait = throttle.waitFor(username, source);
        if (wait.isPresent()) {
            registry.counter("fosfleet.signin.throttled").increment();
            throw new Throttled(wait.get());
        }
        try {
            TokenIssuer.Issued issued = tokens.issue(username, password);
            throttle.succeeded(username);
            return issued;
        } catch (ProblemException e) {
            failed(username, source);
            throw e;
        }
    }

    /**
     * The source address: the connection's remote address; only when that is a configured trusted proxy, the
     * nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy.
     */
    String source(HttpServerRequest request) {
        String remote = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (!trustedProxies.contains(remote) || forwarded == null) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return remote;
    }

    private void failed(String username, String source) {
        boolean missing = username == null || username.isBlank();
        registry.counter("fosfleet.signin.failures", "reason", missing ? "missing_credentials" : "bad_credentials")
                .increment();
        SignInThrottle.Failure f = throttle.failed(username, source);
        String user = printable(username);
        for (String locked : f.lockedOut()) {
            boolean isUser = locked.startsWith("user ");
            String detail = "sign-in locked out after " + (isUser ? f.userFailures() : f.sourceFailures())
                    + " failures: user '" + user + "' from " + source;
            LOG.warn(detail);
            write("SIGNIN_LOCKOUT", isUser ? "USER" : "SOURCE", isUser ? user : source, detail);
        }
        long n = failures.incrementAndGet();
        if (n % auditEvery == 0) {
            write("SIGNIN_FAILURES", "SIGNIN", "-", auditEvery + " failed sign-ins since the last such entry ("
                    + n + " since start); the latest for user '" + user + "' from " + source);
        }
    }

    private void write(String action, String targetType, String targetId, String detail) {
        QuarkusTransaction.requiringNew().run(() -> audit.write("anonymous", action, targetType,
                abbreviate(targetId, 64), null, detail, "REFUSED", null));
    }

    /** A user name as it may be shown: control characters replaced, at most 64 characters. */
    private static String printable(String username) {
        return username == null ? "" : abbreviate(username.replaceAll("\\p{Cntrl}", "?"), 64);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
