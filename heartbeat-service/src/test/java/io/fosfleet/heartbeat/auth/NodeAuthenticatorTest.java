package io.fosfleet.heartbeat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.heartbeat.NodeTokens;
import io.fosfleet.heartbeat.auth.NodeAuthenticator.Refusal;
import io.fosfleet.heartbeat.auth.NodeAuthenticator.Via;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat token check with the real JWT verifier and the test key pair: every forgery refused with its reason,
 * and a node's repeated heartbeats cost one signature check per token.
 */
class NodeAuthenticatorTest {

    private static final String NODE = "fra1-a-pbx1";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = Instant.now();

    private NodeAuthenticator authenticator(int cacheSize) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(NodeTokens.publicKey(), NodeTokens.ISSUER);
        info.setExpectedAudience(Set.of(NodeTokens.AUDIENCE));
        JWTParser counting = new DefaultJWTParser(info) {
            @Override
            public JsonWebToken parse(String token) throws ParseException {
                verifications.incrementAndGet();
                return super.parse(token);
            }
        };
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new NodeAuthenticator(counting, cacheSize, new HeartbeatMetrics(registry), clock,
                Duration.ofSeconds(10));
    }

    private static Refusal refused(Optional<Refusal> r) {
        assertThat(r).as("refused").isPresent();
        return r.get();
    }

    private double refusedCount(String via, String reason) {
        var counter = registry.find("fosfleet.heartbeat.refused").tag("via", via).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theNodesOwnTokenIsBelieved() {
        assertThat(authenticator(10).check(NODE, NodeTokens.bearer(NodeTokens.valid(NODE)), Via.REST)).isEmpty();
    }

    @Test
    void everyForgeryIsRefusedWithItsReasonAndCounted() {
        NodeAuthenticator auth = authenticator(10);
        Refusal none = refused(auth.check(NODE, null, Via.REST));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.detail()).startsWith("missing token");
        assertThat(refused(auth.check(NODE, "Basic YWRtaW46YWRtaW4=", Via.REST)).reason()).isEqualTo("malformed");
        assertThat(refused(auth.check(NODE, "Bearer not-a-jwt", Via.REST))).extracting(Refusal::status,
                Refusal::reason).containsExactly(401, "invalid");
        assertThat(refused(auth.check(NODE, NodeTokens.bearer(NodeTokens.expired(NODE)), Via.REST)))
                .extracting(Refusal::status, Refusal::detail).containsExactly(401, "token expired");
        assertThat(refused(auth.check(NODE, NodeTokens.bearer(NodeTokens.foreignKey(NODE)), Via.KAFKA)))
                .extracting(Refusal::status, Refusal::detail).containsExactly(401, "bad signature");
        assertThat(refused(auth.check(NODE, NodeTokens.bearer(NodeTokens.wrongAudience(NODE)), Via.REST)))
                .extracting(Refusal::status, Refusal::reason).containsExactly(401, "audience");
        assertThat(refused(auth.check(NODE, NodeTokens.bearer(NodeTokens.valid("fra1-a-pbx2")), Via.KAFKA)))
                .extracting(Refusal::status, Refusal::detail)
                .containsExactly(403, "token is for node fra1-a-pbx2, not fra1-a-pbx1");
        assertThat(refused(auth.check(NODE, NodeTokens.bearer(NodeTokens.viewer(NODE)), Via.REST)))
                .extracting(Refusal::status, Refusal::reason).containsExactly(403, "role");
        assertThat(refused(auth.check("bad name\n", NodeTokens.bearer(NodeTokens.valid(NODE)), Via.KAFKA)).status())
                .isEqualTo(400);
        assertThat(refused(auth.check(NODE, "Bearer " + "a".repeat(NodeAuthenticator.MAX_TOKEN_LENGTH + 1),
                Via.REST)).reason()).isEqualTo("malformed");

        assertThat(refusedCount("rest", "missing")).isEqualTo(1);
        assertThat(refusedCount("rest", "expired")).isEqualTo(1);
        assertThat(refusedCount("kafka", "signature")).isEqualTo(1);
        assertThat(refusedCount("kafka", "wrong_node")).isEqualTo(1);
        assertThat(refusedCount("rest", "malformed")).isEqualTo(2);
    }

    @Test
    void aVerifiedTokenIsCheckedOnceUntilItExpiresAndTheCacheIsBounded() {
        NodeAuthenticator auth = authenticator(2);
        String token = NodeTokens.bearer(NodeTokens.valid(NODE));
        for (int i = 0; i < 100; i++) {
            assertThat(auth.check(NODE, token, Via.REST)).isEmpty();
        }
        assertThat(verifications).as("one signature check for 100 heartbeats").hasValue(1);
        // The cached token still vouches for its own node only.
        assertThat(refused(auth.check("fra1-a-pbx2", token, Via.KAFKA)).status()).isEqualTo(403);
        assertThat(verifications).hasValue(1);

        // Past its expiry the cache forgets it: checked again (the verifier's clock says it is still valid here).
        now = now.plus(Duration.ofMinutes(11));
        assertThat(auth.check(NODE, token, Via.REST)).isEmpty();
        assertThat(verifications).hasValue(2);

        // Two more nodes' tokens push the least recently used out of a cache of two.
        assertThat(auth.check("fra1-a-pbx2", NodeTokens.bearer(NodeTokens.valid("fra1-a-pbx2")), Via.REST)).isEmpty();
        assertThat(auth.check("fra1-a-pbx3", NodeTokens.bearer(NodeTokens.valid("fra1-a-pbx3")), Via.REST)).isEmpty();
        assertThat(auth.check(NODE, token, Via.REST)).isEmpty();
        assertThat(verifications).hasValue(5);
    }
}
