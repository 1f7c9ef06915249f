package io.fosfleet.config.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest state snapshot device-gateway published for a device. */
@Entity
@Table(name = "device_state")
public class DeviceStateEntity {

    @Id
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "observed_at")
    public Instant observedAt;
    public boolean reachable;
    public boolean devmode;
    @Column(name = "state_values")
    public String values;
}
