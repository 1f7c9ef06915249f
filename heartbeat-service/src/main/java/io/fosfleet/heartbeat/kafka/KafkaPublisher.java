package io.fosfleet.heartbeat.kafka;

import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.Topic;
import io.fosfleet.heartbeat.pair.Publisher;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes heartbeat events and device commands through the outbox, and kick summaries through their own latest-only
 * sender, keyed by device id.
 */
public final class KafkaPublisher implements Publisher {

    private final Outbox outbox;
    private final KickSummaries summaries;

    public KafkaPublisher(Outbox outbox, KickSummaries summaries) {
        this.outbox = outbox;
        this.summaries = summaries;
    }

    @Override
    public void kicks(DeviceId deviceId, KickSummary summary) {
        summaries.put(deviceId, summary);
    }

    @Override
    public void event(HeartbeatEvent event) {
        append(Topic.HEARTBEAT_EVENTS, event);
    }

    @Override
    public void command(DeviceCommand command) {
        append(Topic.DEVICE_COMMANDS, command);
    }

    private void append(Topic topic, Envelope record) {
        outbox.append(new ProducerRecord<>(topic.topicName(), record.deviceId().value(), EventJson.toBytes(record)));
    }
}
