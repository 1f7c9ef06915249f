package io.fosfleet.config.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A device event or heartbeat event kept in the bounded history. */
@Entity
@Table(name = "event_history")
public class EventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "event_id")
    public String eventId;
    /** DEVICE (fos.device.events) or HEARTBEAT (fos.heartbeat.events). */
    public String kind;
    public String type;
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "pair_id")
    public String pairId;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String message;
    public String details;
}
