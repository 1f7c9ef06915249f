package io.fosfleet.config.command;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A command as requested, and its outcome once device-gateway reported it. */
@Entity
@Table(name = "command")
public class CommandEntity {

    @Id
    public String id;
    @Column(name = "device_id")
    public String deviceId;
    public String type;
    public String parameters;
    public String reason;
    @Column(name = "requested_by")
    public String requestedBy;
    public boolean confirmed;
    @Column(name = "requested_at")
    public Instant requestedAt;
    public Instant deadline;
    /** PENDING until the result arrives, then DONE or FAILED. */
    public String status;
    public String failure;
    public String message;
    public String details;
    @Column(name = "completed_at")
    public Instant completedAt;
}
