package io.fosfleet.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTest {

    @Test
    void atMostOneLinePerKeyPerIntervalAndTheNextOneCountsWhatWasHeldBack() {
        AtomicLong now = new AtomicLong();
        List<String> lines = new ArrayList<>();
        RateLimitedLog log = new RateLimitedLog(Duration.ofSeconds(10), now::get, lines::add);

        for (int i = 0; i < 770; i++) {  // 77 lines a second for 10 s, as the old loop wrote
            log.warn("fos.device.command-results-3", "retrying " + i);
            log.warn("fos.device.command-results-4", "other partition " + i);
            now.addAndGet(Duration.ofMillis(13).toNanos());
        }
        assertThat(lines).containsExactly("retrying 0", "other partition 0");

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.warn("fos.device.command-results-3", "retrying again");
        assertThat(lines).last().isEqualTo("retrying again (769 similar lines held back)");
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToTheMaximum() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(5), p.backoff(50))).containsExactly(
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    @Test
    void aReasonIsTheMessagesOfTheFailureAndItsCausesWithoutClassNames() {
        Exception e = new IllegalStateException("could not execute statement",
                new RuntimeException("Value too long for column \"DETAILS\""));
        assertThat(Reasons.of(e)).isEqualTo("could not execute statement; caused by: Value too long for column"
                + " \"DETAILS\"");
        assertThat(Reasons.of(new NullPointerException())).isEqualTo("failed without a message");
        assertThat(Reasons.of(new RuntimeException("x".repeat(5000)))).hasSize(1000);
    }
}
