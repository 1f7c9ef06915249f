package io.fosfleet.config.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.kafka.RetryPolicy;
import io.fosfleet.kafka.messaging.GaveUp;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A database outage is waited out however long it lasts; a record the database refuses is given up after 3 tries. */
class DatabasePatienceTest {

    private final List<Duration> waits = new ArrayList<>();
    private final List<String> retries = new ArrayList<>();
    private final DatabasePatience patience = new DatabasePatience(RetryPolicy.DEFAULT, waits::add,
            (topic, away) -> retries.add(topic + (away ? " away" : " failed")), Duration.ofSeconds(10));

    @Test
    void anOutageLongerThanTheTriesIsWaitedOutAndTheRecordStored() throws Exception {
        int[] tries = {0};
        patience.store(new ConsumerRecord<>("fos.device.command-results", 0, 7, "k", "v"), () -> {
            if (++tries[0] <= 10) {
                throw new IllegalStateException("could not open connection",
                        new SQLTransientConnectionException("Connection refused", "08001"));
            }
        });
        assertThat(tries[0]).isEqualTo(11);
        assertThat(waits).hasSize(10).startsWith(Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofSeconds(2)).endsWith(Duration.ofSeconds(2));
        assertThat(retries).hasSize(10).containsOnly("fos.device.command-results away");
    }

    @Test
    void aRecordTheDatabaseRefusesIsGivenUpAfterThreeTriesWithTheLastReason() {
        int[] tries = {0};
        assertThatThrownBy(() -> patience.store(new ConsumerRecord<>("fos.device.state", 1, 3, "k", "v"), () -> {
            tries[0]++;
            throw new IllegalStateException("could not store",
                    new SQLIntegrityConstraintViolationException("value too long for column \"message\"", "22001"));
        })).isInstanceOfSatisfying(GaveUp.class, g -> assertThat(g.attempts()).isEqualTo(3))
                .hasRootCauseMessage("value too long for column \"message\"");
        assertThat(tries[0]).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(retries).containsExactly("fos.device.state failed", "fos.device.state failed");
    }
}
