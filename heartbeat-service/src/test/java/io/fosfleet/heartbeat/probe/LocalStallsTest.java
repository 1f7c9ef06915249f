package io.fosfleet.heartbeat.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The stall evidence against a clock the test moves. */
class LocalStallsTest {

    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(1_000_000 * MS);
    private final LocalStalls stalls = new LocalStalls(now::get);

    private long at(long millis) {
        return now.get() + millis * MS;
    }

    @Test
    void aTimerThatRanOnTimeIsNoStall() {
        stalls.observe(at(100), at(105));

        assertThat(stalls.worstDuring(at(0), at(1000))).isEmpty();
    }

    @Test
    void aLateTimerIsAStallSeenByEveryCheckItOverlaps() {
        stalls.observe(at(100), at(1100));

        assertThat(stalls.worstDuring(at(0), at(300)).orElseThrow().lag()).isEqualTo(Duration.ofMillis(1000));
        assertThat(stalls.worstDuring(at(1000), at(1300))).isPresent();
        assertThat(stalls.worstDuring(at(1200), at(1450))).as("a check that began after the stall").isEmpty();
        assertThat(stalls.worstDuring(at(0), at(90))).as("a check that ended before it").isEmpty();
    }

    @Test
    void lagsCloseTogetherAreOneStallReportedOnce() {
        stalls.observe(at(0), at(200));
        stalls.observe(at(220), at(600));
        stalls.observe(at(630), at(700));
        stalls.observe(at(5000), at(5080));

        LocalStalls.Stall first = stalls.worstDuring(at(0), at(10)).orElseThrow();
        assertThat(first.lag()).isEqualTo(Duration.ofMillis(380));
        assertThat(stalls.worstDuring(at(650), at(660)).orElseThrow()).isSameAs(first);
        assertThat(first.firstReport()).isTrue();
        assertThat(first.firstReport()).isFalse();
        assertThat(stalls.worstDuring(at(5000), at(5001)).orElseThrow()).isNotSameAs(first);
    }

    @Test
    void theWorstOfSeveralStallsInACheckCounts() {
        stalls.observe(at(0), at(100));
        stalls.observe(at(500), at(900));

        assertThat(stalls.worstDuring(at(0), at(1000)).orElseThrow().lag()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void theDetectorNoticesThatItsOwnThreadDidNotRun() throws Exception {
        LocalStalls real = new LocalStalls(System::nanoTime);
        AtomicLong ticks = new AtomicLong();
        real.startDetector(Duration.ofMillis(5), lag -> ticks.incrementAndGet());
        try {
            Thread.sleep(200);
            assertThat(ticks.get()).as("the detector ticks").isGreaterThan(5);
            // A pause of the detector's own thread cannot be made from here; a late observation stands in for it.
            long before = System.nanoTime();
            real.observe(before - 400 * MS, before);
            assertThat(real.worstDuring(before - 100 * MS, System.nanoTime()).orElseThrow().lag())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        } finally {
            real.close();
        }
    }
}
