package io.fosfleet.config.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.config.console.ConsoleSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's schedule with a clock the test moves: free failures, doubling waits, lockout, reset, bounds. */
class SignInThrottleTest {

    /** A clock that stands still until the test moves it. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final SignInThrottle throttle = new SignInThrottle(new SignInThrottle.Rules(5, Duration.ofSeconds(1),
            Duration.ofSeconds(60), 20, Duration.ofMinutes(15), 1000), clock);

    /** Fails once as soon as allowed; answers the wait that the failure imposed. */
    private Optional<Duration> failAfterWaiting(String user, String source) {
        throttle.waitFor(user, source).ifPresent(clock::advance);
        throttle.failed(user, source);
        return throttle.waitFor(user, source);
    }

    @Test
    void fiveFreeFailuresThenDoublingWaitsCappedThenALockout() {
        for (int i = 1; i <= 4; i++) {
            assertThat(failAfterWaiting("admin", "10.9.0.1")).as("failure %d", i).isEmpty();
        }
        assertThat(failAfterWaiting("admin", "10.9.0.1")).contains(Duration.ofSeconds(1));
        assertThat(failAfterWaiting("admin", "10.9.0.1")).contains(Duration.ofSeconds(2));
        assertThat(failAfterWaiting("admin", "10.9.0.1")).contains(Duration.ofSeconds(4));
        assertThat(failAfterWaiting("admin", "10.9.0.1")).contains(Duration.ofSeconds(8));
        assertThat(failAfterWaiting("admin", "10.9.0.1")).contains(Duration.ofSeconds(16));
        assertThat(failAfterWaiting("admin", "10.9.0.1")).contains(Duration.ofSeconds(32));
        for (int i = 11; i <= 19; i++) {
            assertThat(failAfterWaiting("admin", "10.9.0.1")).as("failure %d", i).contains(Duration.ofSeconds(60));
        }
        throttle.waitFor("admin", "10.9.0.1").ifPresent(clock::advance);
        SignInThrottle.Failure twentieth = throttle.failed("admin", "10.9.0.1");
        assertThat(twentieth.lockedOut()).containsExactly("user admin", "source 10.9.0.1");
        assertThat(throttle.waitFor("admin", "10.9.0.1")).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.waitFor("admin", "10.9.0.2")).contains(Duration.ofMinutes(1));   // the user, from anywhere
        assertThat(throttle.waitFor("viewer", "10.9.0.1")).contains(Duration.ofMinutes(1));  // the source, any user
        assertThat(throttle.waitFor("viewer", "10.9.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsTheUserButNotTheSource() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("operator", "10.9.1.1");
        }
        assertThat(throttle.waitFor("operator", "10.9.1.2")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        throttle.succeeded("operator");
        assertThat(throttle.waitFor("operator", "10.9.1.2")).isEmpty();
        assertThat(throttle.failed("operator", "10.9.1.2").userFailures()).isEqualTo(1);
        assertThat(throttle.failed("someone", "10.9.1.1").sourceFailures()).isEqualTo(6);
    }

    @Test
    void failuresOlderThanTheLockoutAreForgotten() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("operator", "10.9.2.1");
        }
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.failed("operator", "10.9.2.1").userFailures()).isEqualTo(1);
    }

    @Test
    void rotatingUsersAndSourcesDoesNotGrowMemoryBeyondTheBound() {
        for (int i = 0; i < 100_000; i++) {
            throttle.failed("user-" + i, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(1000);
    }

    @Test
    void aVeryLongUserNameCountsByItsFirstHundredCharacters() {
        String name = "x".repeat(100);
        for (int i = 0; i < 5; i++) {
            throttle.failed(name + "-" + "y".repeat(10_000 + i), "10.9.3." + i);
        }
        assertThat(throttle.waitFor(name, "10.9.3.99")).isPresent();
    }

    @Test
    void theSessionCookieIsSecureExceptOnALoopbackAddress() {
        assertThat(ConsoleSession.secure("10.0.0.5")).isTrue();
        assertThat(ConsoleSession.secure("192.168.1.20")).isTrue();
        assertThat(ConsoleSession.secure("2001:db8::1")).isTrue();
        assertThat(ConsoleSession.secure(null)).isTrue();
        assertThat(ConsoleSession.secure("127.0.0.1")).isFalse();
        assertThat(ConsoleSession.secure("127.8.9.10")).isFalse();
        assertThat(ConsoleSession.secure("::1")).isFalse();
        assertThat(ConsoleSession.secure("0:0:0:0:0:0:0:1")).isFalse();
    }
}
