package io.fosfleet.heartbeat.auth;

import io.fosfleet.kafka.RateLimitedLog;
import org.slf4j.LoggerFactory;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Decides whether a passive heartbeat may be believed: it must carry a bearer token, signed by the configured issuer
 * for audience {@code fosfleet} ({@code mp.jwt.verify.*}), whose subject is the node the heartbeat is for and whose
 * groups contain {@value #NODE_ROLE}. The same check serves REST and Kafka heartbeats. Verified tokens are cached until
 * they expire; every refusal is counted ({@code fosfleet_heartbeat_refused_total{via,reason}}) and logged at most once
 * per period.
 */
public final class NodeAuthenticator {

    public static final String NODE_ROLE = "node";
    /** Longer than any token fosfleet issues; a longer header is refused before it is parsed. */
    static final int MAX_TOKEN_LENGTH = 8192;
    /** As node names in the pair configuration: they are Kafka keys and URL segments. */
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String BEARER = "Bearer ";

    /** Where a heartbeat arrived; a metric tag. */
    public enum Via {
        REST, KAFKA;

        String tag() {
            return name().toLowerCase();
        }
    }

    /**
     * Why a heartbeat was not believed: HTTP status (400 bad node name, 401 no or bad token, 403 a good token that may
     * not vouch for this node), a short reason for the metric, and a sentence for the sender.
     */
    public record Refusal(int status, String reason, String detail) {
    }

    private final JWTParser parser;
    private final VerifiedTokens verified;
    private final HeartbeatMetrics metrics;
    private final Clock clock;
    private final RateLimitedLog log;

    public NodeAuthenticator(JWTParser parser, int cacheSize, HeartbeatMetrics metrics, Clock clock,
            Duration logInterval) {
        this.parser = parser;
        this.verified = new VerifiedTokens(cacheSize);
        this.metrics = metrics;
        this.clock = clock;
        this.log = new RateLimitedLog(LoggerFactory.getLogger(NodeAuthenticator.class), logInterval);
    }

    /**
     * Checks a heartbeat for {@code node} carrying {@code authorization} (the value of its authorization header,
     * {@code Bearer <token>}, or null).
     *
     * @return empty when the heartbeat is believed; otherwise why not (already counted and logged)
     */
    public Optional<Refusal> check(String node, String authorization, Via via) {
        Optional<Refusal> refusal = judge(node, authorization);
        refusal.ifPresent(r -> {
            metrics.heartbeatRefused(via.tag(), r.reason());
            String who = validName(node) ? "node " + node : "a malformed node name";
            log.warn("refusals", "refused a " + via.tag() + " heartbeat for " + who + ": " + r.detail());
        });
        return refusal;
    }

    /** Whether {@code node} is a well-formed node name: 1 to 128 letters, digits, '.', '_', '-'. */
    public static boolean validName(String node) {
        return node != null && NODE.matcher(node).matches();
    }

    private Optional<Refusal> judge(String node, String authorization) {
        if (!validName(node)) {
            return refuse(400, "node_name", "the node name must be 1 to 128 of letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit");
        }
        if (authorization == null || authorization.isBlank()) {
            return refuse(401, "missing", "missing token: send the node's token as authorization: Bearer <token>");
        }
        if (authorization.length() > BEARER.length() + MAX_TOKEN_LENGTH) {
            return refuse(401, "malformed", "malformed or unverifiable token: longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(401, "malformed", "malformed or unverifiable token: the authorization is not a bearer token (Bearer <token>)");
        }
        String token = authorization.substring(BEARER.length()).strip();
        Instant now = clock.instant();
        VerifiedTokens.Claims claims = verified.get(token, now).orElse(null);
        if (claims == null) {
            try {
                JsonWebToken jwt = parser.parse(token);
                claims = new VerifiedTokens.Claims(jwt.getSubject(), jwt.getGroups() == null ? Set.of()
                        : Set.copyOf(jwt.getGroups()), Instant.ofEpochSecond(jwt.getExpirationTime()));
            } catch (ParseException | RuntimeException e) {
                // whatever the bytes, a token that cannot be verified is refused, never an error
                return invalid(e);
            }
            verified.put(token, claims);
        }
        if (!claims.groups().contains(NODE_ROLE)) {
            return refuse(403, "role", "the token does not have role " + NODE_ROLE);
        }
        if (!node.equals(claims.subject())) {
            return refuse(403, "wrong_node", "token is for node " + claims.subject() + ", not " + node);
        }
        return Optional.empty();
    }

    /** Says which check failed, from the verifier's error codes; never echoes the token. */
    private static Optional<Refusal> invalid(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException j) {
                if (j.hasExpired()) {
                    return refuse(401, "expired", "token expired");
                }
                if (j.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || j.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return refuse(401, "signature", "bad signature");
                }
                if (j.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || j.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return refuse(401, "audience", "wrong audience");
                }
                if (j.hasErrorCode(ErrorCodes.ISSUER_INVALID) || j.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return refuse(401, "issuer", "wrong issuer");
                }
                if (j.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                    return refuse(401, "not_yet_valid", "token not yet valid");
                }
            }
        }
        return refuse(401, "invalid", "malformed or unverifiable token");
    }

    private static Optional<Refusal> refuse(int status, String reason, String detail) {
        return Optional.of(new Refusal(status, reason, detail));
    }
}
