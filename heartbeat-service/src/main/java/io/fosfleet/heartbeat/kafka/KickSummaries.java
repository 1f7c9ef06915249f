package io.fosfleet.heartbeat.kafka;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Sends the pairs' kick summaries to {@code fos.heartbeat.kicks}, keeping only the latest one per pair until it is
 * sent: a summary replaces the one before it, so while Kafka is away at most one summary per owned pair waits (never
 * the outbox, whose events and commands a burst of summaries must not push out). One thread sends; callers only put.
 * A summary whose send failed is put back unless a newer one is waiting. At most {@value #MAX_IN_FLIGHT} summaries are
 * sent and not yet acknowledged at a time, so while Kafka is away they never fill the producer's buffer, which the
 * outbox's events and commands share.
 */
public final class KickSummaries implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KickSummaries.class);
    private static final long PAUSE_MS = 100;
    private static final long RETRY_PAUSE_MS = 1000;
    static final int MAX_IN_FLIGHT = 1000;

    /** A summary, or a tombstone when {@code summary} is null. */
    private record Pending(KickSummary summary) {
    }

    private final Producer<String, byte[]> producer;
    private final Map<String, Pending> waiting = new ConcurrentHashMap<>();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile boolean failing;
    private final AtomicInteger inFlight = new AtomicInteger();

    public KickSummaries(Producer<String, byte[]> producer) {
        this.producer = producer;
        this.sender = new Thread(this::sendLoop, "kick-summaries");
        sender.setDaemon(true);
        sender.start();
    }

    /** The pair's newest summary; null for a tombstone (the pair was removed). */
    public void put(DeviceId deviceId, KickSummary summary) {
        waiting.put(deviceId.value(), new Pending(summary));
    }

    public int waiting() {
        return waiting.size();
    }

    private void sendLoop() {
        while (running) {
            try {
                Thread.sleep(failing ? RETRY_PAUSE_MS : PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sendWaiting();
        }
    }

    private void sendWaiting() {
        for (String key : waiting.keySet()) {
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                return;   // the rest waits for the next round, newest kept
            }
            Pending p = waiting.remove(key);
            if (p == null) {
                continue;
            }
            try {
                inFlight.incrementAndGet();   // given back by the callback, or below when send throws
                byte[] value = p.summary() == null ? null : EventJson.toBytes(p.summary());
                producer.send(new ProducerRecord<>(Topic.HEARTBEAT_KICKS.topicName(), key, value), (md, e) -> {
                    inFlight.decrementAndGet();
                    if (e != null) {
                        failing = true;
                        waiting.putIfAbsent(key, p);
                        LOG.debugf("kick summary of %s not sent, will send again: %s", key, e.getMessage());
                    } else {
                        failing = false;
                    }
                });
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                failing = true;
                waiting.putIfAbsent(key, p);
                LOG.debugf("kick summary of %s not sent, will send again: %s", key, e.getMessage());
                return;
            }
        }
    }

    /** Sends what waits (best effort); the producer is closed by its owner. */
    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sendWaiting();
    }
}
