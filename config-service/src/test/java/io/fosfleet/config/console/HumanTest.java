package io.fosfleet.config.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Durations and times as the console shows them to people. */
class HumanTest {

    @Test
    void durationsReadAsWordsNotIso8601() {
        assertThat(Human.duration(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(Human.duration(Duration.ofMillis(4500))).isEqualTo("4.5 s");
        assertThat(Human.duration(Duration.ofMillis(1250))).isEqualTo("1.25 s");
        assertThat(Human.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Human.duration(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Human.duration(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(Human.duration(Duration.ofSeconds(150))).isEqualTo("2 min 30 s");
        assertThat(Human.duration(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
        assertThat(Human.duration(null)).isEqualTo("—");
    }

    @Test
    void timesAreShownToTheSecondInUtc() {
        assertThat(Human.when("2026-12-06T22:04:33.123456789Z")).isEqualTo("2026-12-06 22:04:33 UTC");
        assertThat(Human.iso("2026-12-06T22:04:33.123456789Z")).isEqualTo("2026-12-06T22:04:33Z");
        assertThat(Human.when(Instant.parse("2026-12-06T22:04:33.999Z"))).isEqualTo("2026-12-06 22:04:33 UTC");
        assertThat(Human.when("not a time")).isEqualTo("not a time");
        assertThat(Human.iso("")).isEmpty();
    }

    @Test
    void aBerofosIsNamedOnce() {
        assertThat(Human.berofos("fra1-a")).isEqualTo("berofos fra1-a");
        assertThat(Human.berofos("berofos fra1-a")).isEqualTo("berofos fra1-a");
        assertThat(Human.berofos("Berofos fra1-a")).isEqualTo("Berofos fra1-a");
        assertThat(Human.berofos("berofos2")).isEqualTo("berofos berofos2");
    }

    @Test
    void isoDurationsInsideARecordedTextReadAsWords() {
        assertThat(Human.words("scenario=0, kickInterval=PT2S, startDelay=PT0.5S, policy=MANUAL"))
                .isEqualTo("scenario=0, kickInterval=2 s, startDelay=500 ms, policy=MANUAL");
        assertThat(Human.words("PRIMARY_DOWN PT PTX P1D")).isEqualTo("PRIMARY_DOWN PT PTX P1D");
        assertThat(Human.words(null)).isNull();
    }
}
