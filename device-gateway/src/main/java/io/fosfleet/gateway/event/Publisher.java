package io.fosfleet.gateway.event;

import io.fosfleet.kafka.CloudEventHeaders;
import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.gateway.GatewayMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the gateway's records to Kafka, keyed by device id: idempotent, {@code acks=all}, so a record acknowledged
 * is a record kept, once.
 */
public final class Publisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Publisher.class);

    private final KafkaProducer<String, Envelope> producer;
    private final GatewayMetrics metrics;

    public Publisher(Map<String, Object> kafka, String clientId, GatewayMetrics metrics) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // An event should reach the NOC within milliseconds of the device's message: batch only briefly.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        this.producer = new KafkaProducer<>(CloudEventHeaders.addTo(config), new StringSerializer(), new EventSerializer<>());
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
