package io.fosfleet.gateway.kafka;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.gateway.GatewayMetrics;
import io.fosfleet.kafka.KafkaClients;
import io.fosfleet.kafka.KafkaClients.ProducerTiming;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the gateway's records to Kafka, keyed by device id: idempotent, {@code acks=all}, so a record acknowledged
 * is a record kept, once; CloudEvents headers on every record ({@link KafkaClients}).
 */
public final class Publisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Publisher.class);
    /**
     * An event should reach the NOC within milliseconds of the device's message: batch only briefly (2 ms). The other
     * waits are kafka-clients' defaults (a send blocks at most 60 s, a record is delivered within 120 s or fails).
     */
    static final ProducerTiming TIMING = ProducerTiming.clientDefaults(Duration.ofMillis(2));

    private final KafkaProducer<String, Envelope> producer;
    private final GatewayMetrics metrics;

    public Publisher(KafkaClients kafka, String clientId, GatewayMetrics metrics) {
        this.producer = kafka.producer(clientId + "-producer", TIMING, new EventSerializer<>());
        this.metrics = metrics;
    }

    public CompletableFuture<Void> event(DeviceEvent event) {
        metrics.event(event.type().name());
        LOG.infof("%s %s%s: %s %s", event.deviceId(), event.type(),
                event.syslogCode() == null ? "" : String.format(" (%02d)", event.syslogCode()), event.message(),
                event.details());
        return send(Topic.DEVICE_EVENTS, event);
    }

    public CompletableFuture<Void> state(DeviceState state) {
        metrics.state();
        return send(Topic.DEVICE_STATE, state);
    }

    public CompletableFuture<Void> result(CommandResult result) {
        metrics.command(result.type().name(), result.failure() == null ? "DONE" : result.failure().name());
        LOG.infof("%s command %s %s: %s%s", result.deviceId(), result.commandId(), result.type(),
                result.failure() == null ? "done" : "failed " + result.failure(),
                result.message() == null ? "" : " - " + result.message());
        return send(Topic.COMMAND_RESULTS, result);
    }

    private CompletableFuture<Void> send(Topic topic, Envelope record) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.topicName(), record.deviceId().value(), record), (metadata, e) -> {
            if (e == null) {
                sent.complete(null);
            } else {
                LOG.errorf(e, "could not publish %s %s for %s", topic.topicName(), record.type(), record.deviceId());
                sent.completeExceptionally(e);
            }
        });
        return sent;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
