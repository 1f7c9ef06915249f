package io.fosfleet.config.outbox;

import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Saves a Kafka record in the caller's transaction; {@link OutboxRelay} publishes it once that transaction has
 * committed. So a record exists exactly when the change it announces does.
 */
@ApplicationScoped
public class Outbox {

    /** Fired after a commit that wrote outbox rows, so the relay need not wait for its next poll. */
    public record Written() {
    }

    private final EntityManager em;
    private final Event<Written> written;

    public Outbox(EntityManager em, Event<Written> written) {
        this.em = em;
        this.written = written;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(Topic topic, Envelope record) {
        OutboxEntity row = new OutboxEntity();
        row.topic = topic.topicName();
        row.recordKey = record.deviceId().value();
        row.payload = EventJson.toJson(record);
        row.createdAt = Instant.now();
        em.persist(row);
        written.fire(new Written());
    }
}
