package io.fosfleet.heartbeat.kafka;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Records waiting to be produced, in order, surviving Kafka outages of any length: callers only append (never
 * blocking, so kicking and probing never wait for Kafka); one thread sends them in batches and sends a batch again
 * until Kafka has acknowledged all of it. A record may so arrive twice; consumers drop duplicates by record id. When
 * the outbox is full the oldest records go first, counted.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final int BATCH = 500;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Producer<String, byte[]> producer;
    private final int capacity;
    private final HeartbeatMetrics metrics;
    private final Deque<ProducerRecord<String, byte[]>> waiting = new ArrayDeque<>();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile boolean connected = true;

    public Outbox(Producer<String, byte[]> producer, int capacity, HeartbeatMetrics metrics) {
        this.producer = producer;
        this.capacity = capacity;
        this.metrics = metrics;
        this.sender = new Thread(this::sendLoop, "outbox-sender");
        sender.setDaemon(true);
        sender.start();
    }

    public void append(ProducerRecord<String, byte[]> record) {
        synchronized (waiting) {
            if (waiting.size() >= capacity) {
                waiting.pollFirst();
                metrics.outboxDropped();
            }
            waiting.addLast(record);
            waiting.notifyAll();
        }
    }

    public int size() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** False while the last batch could not be delivered. */
    public boolean connected() {
        return connected;
    }

    private void sendLoop() {
        while (running) {
            List<ProducerRecord<String, byte[]>> batch = nextBatch();
            if (batch.isEmpty()) {
                continue;
            }
            if (deliver(batch)) {
                connected = true;
                synchronized (waiting) {
                    // The batch is the head of the outbox, less what an overflow dropped meanwhile.
                    for (ProducerRecord<String, byte[]> sent : batch) {
                        if (waiting.peekFirst() == sent) {
                            waiting.pollFirst();
                        }
                    }
                }
            } else {
                connected = false;
                pause();
            }
        }
    }

    /** The oldest records, left in the outbox until they are delivered. */
    private List<ProducerRecord<String, byte[]>> nextBatch() {
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                try {
                    waiting.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            List<ProducerRecord<String, byte[]>> batch = new ArrayList<>(Math.min(BATCH, waiting.size()));
            for (ProducerRecord<String, byte[]> r : waiting) {
                if (batch.size() == BATCH) {
                    break;
                }
                batch.add(r);
            }
            return batch;
        }
    }

    /** Sends the batch and waits for every acknowledgement. */
    private boolean deliver(List<ProducerRecord<String, byte[]>> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        try {
            for (ProducerRecord<String, byte[]> r : batch) {
                acks.add(producer.send(r));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("%d records not delivered yet, will send again: %s", batch.size(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Gives the outbox up to {@code drain} to empty, then closes the producer. */
    public void close(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        while (size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        sender.interrupt();
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = size();
        if (left > 0) {
            LOG.warnf("%d records not delivered at shutdown", left);
        }
        producer.close(Duration.ofSeconds(2));
    }
}
