package io.fosfleet.gateway.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private static final TopicPartition P = new TopicPartition("fos.device.commands", 3);

    @Test
    void aPartitionIsCommittedOnlyPastRecordsWhoseWorkIsDone() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.received(P, 10);
        tracker.received(P, 11);
        tracker.received(P, 12);

        tracker.done(P, 11);
        assertThat(tracker.committable()).as("10 still runs").isEmpty();

        tracker.done(P, 10);
        assertThat(tracker.committable()).isEqualTo(Map.of(P, new OffsetAndMetadata(12)));
        assertThat(tracker.committable()).as("nothing new").isEmpty();

        tracker.done(P, 12);
        assertThat(tracker.committable()).isEqualTo(Map.of(P, new OffsetAndMetadata(13)));
    }

    @Test
    void forgottenPartitionsAreNotCommitted() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.received(P, 1);
        tracker.forget(List.of(P));
        tracker.done(P, 1);

        assertThat(tracker.committable()).isEmpty();
    }
}
