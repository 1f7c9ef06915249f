package io.fosfleet.config.pair;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A PBX pair: one berofos between a primary and a secondary node, and how heartbeat-service guards it. */
@Entity
@Table(name = "pair")
public class PairEntity {

    @Id
    public String id;
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "primary_node_id")
    public String primaryNodeId;
    @Column(name = "secondary_node_id")
    public String secondaryNodeId;
    public int scenario;
    @Column(name = "kick_interval_ms")
    public long kickIntervalMs;
    @Column(name = "start_delay_ms")
    public long startDelayMs;
    @Column(name = "failover_policy")
    public String failoverPolicy;
    @Column(name = "fast_failover")
    public boolean fastFailover;
    public boolean maintenance;
    @Column(name = "maintenance_reason")
    public String maintenanceReason;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
