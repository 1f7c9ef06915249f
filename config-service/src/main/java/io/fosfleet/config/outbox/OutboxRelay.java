package io.fosfleet.config.outbox;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.kafka.KafkaSetup;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes saved outbox rows in the order they were saved and marks each one sent only after the broker acknowledged
 * it. A crash in between publishes the row again on restart: consumers de-duplicate by record id, and on compacted
 * {@code fos.config} a repeated record changes nothing. Replicas take turns through a lock row, so the order holds
 * across them too.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final EntityManager em;
    private final KafkaSetup kafka;
    private final ConfigServiceConfig config;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    public OutboxRelay(EntityManager em, KafkaSetup kafka, ConfigServiceConfig config) {
        this.em = em;
        this.kafka = kafka;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.outbox().relayEnabled()) {
            LOG.warn("outbox relay disabled (fosfleet.config.outbox.relay-enabled=false): saved changes are NOT published");
            return;
        }
        producer = kafka.outboxProducer();
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (thread != null) {
            running = false;
            wake.release();
            thread.join(10_000);
            producer.close();
        }
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written ignored) {
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                int sent;
                do {
                    sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
                } while (sent == config.outbox().batchSize() && running);
                wake.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay: %s; retrying", e.toString());
                sleepQuietly();
            }
        }
    }

    /** Sends one batch of unsent rows; answers how many the broker acknowledged (a prefix of the batch, in order). */
    private int relayBatch() {
        em.createNativeQuery("select id from outbox_relay_lock where id = 1 for update").getResultList();
        List<OutboxEntity> rows = em.createQuery("from OutboxEntity where sentAt is null order by seq",
                OutboxEntity.class).setMaxResults(config.outbox().batchSize()).getResultList();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxEntity row : rows) {
            acks.add(producer.send(new ProducerRecord<>(row.topic, row.recordKey, row.payload)));
        }
        producer.flush();
        Instant now = Instant.now();
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Only the acknowledged prefix is marked: what follows goes again, after this row, keeping the order.
                LOG.warnf("outbox relay: row %d to %s not acknowledged (%s); will retry", rows.get(i).seq,
                        rows.get(i).topic, e.getCause());
                return i;
            }
            rows.get(i).sentAt = now;
        }
        return rows.size();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
