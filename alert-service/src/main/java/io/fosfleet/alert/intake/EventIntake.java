package io.fosfleet.alert.intake;

import io.fosfleet.alert.AlertService;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.pipeline.Hold;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.EventFormatException;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.messaging.Unreadable;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where events come in: the {@code events} channel (fos.device.events and fos.heartbeat.events, one at a time, in
 * order). Each record is read as its topic's event type and handed to the pipeline under a {@link Hold}; the record
 * is acked when the last notification it went into is done, so the throttled commit strategy commits only what was
 * delivered, dead-lettered or suppressed. An unreadable record, or one the pipeline fails on, is nacked: the
 * channel's failure strategy ({@code fosfleet-dead-letters}) copies it to {@code <topic>.dlq} and its partition moves
 * on. README "Kafka" has the channel settings.
 */
@ApplicationScoped
public class EventIntake {

    /** The channel's name in the {@code mp.messaging.incoming.*} settings. */
    public static final String CHANNEL = "events";
    /** Beyond this many events waiting for delivery intake stops, so a dead receiver cannot exhaust memory. */
    private static final int MAX_PENDING = 20_000;

    private final AlertService service;
    private final Inventory inventory;
    private final MeterRegistry registry;
    private final AtomicInteger pending = new AtomicInteger();

    public EventIntake(AlertService service, Inventory inventory, MeterRegistry registry) {
        this.service = service;
        this.inventory = inventory;
        this.registry = registry;
    }

    @PostConstruct
    void gauge() {
        registry.gauge("fosfleet.alert.events.waiting", pending);
    }

    @Incoming(CHANNEL)
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<byte[]> message) throws InterruptedException {
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic).orElseThrow();
        if (message.getPayload() == null) {
            return message.ack();
        }
        AlertEvent event;
        try {
            event = parse(topic, message.getPayload());
        } catch (EventFormatException | IllegalArgumentException e) {
            return message.nack(new Unreadable(e.getMessage(), e));
        }
        registry.counter("fosfleet.alert.events.in", "topic", topic).increment();
        while (pending.get() > MAX_PENDING) {
            // The connector's queue fills up behind us and it stops fetching: backpressure down to the broker.
            Thread.sleep(50);
        }
        pending.incrementAndGet();
        Hold hold = new Hold(() -> {
            pending.decrementAndGet();
            message.ack();
        });
        try {
            service.pipeline().accept(event, hold);
        } catch (RuntimeException e) {
            // judging an event is deterministic: trying it again would fail again
            if (hold.abandon()) {
                pending.decrementAndGet();
            }
            return message.nack(e);
        }
        hold.release();
        return CompletableFuture.completedFuture(null);
    }

    private AlertEvent parse(String topic, byte[] value) {
        if (topic.equals(Topic.DEVICE_EVENTS.topicName())) {
            DeviceEvent e = EventJson.fromBytes(value, DeviceEvent.class);
            return AlertEvent.of(e, inventory.of(e.deviceId()));
        }
        HeartbeatEvent e = EventJson.fromBytes(value, HeartbeatEvent.class);
        return AlertEvent.of(e, inventory.of(e.deviceId()));
    }
}
