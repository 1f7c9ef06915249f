package io.fosfleet.config.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A registered berofos, with its own desired settings (JSON) on top of its site's and the fleet's. */
@Entity
@Table(name = "device")
public class DeviceEntity {

    @Id
    public String id;
    public String name;
    /** Lower-case colon notation, so uniqueness does not depend on how it was typed. */
    public String mac;
    public String host;
    @Column(name = "http_port")
    public int httpPort;
    @Column(name = "credential_name")
    public String credentialName;
    public String site;
    public String rack;
    @Column(name = "poll_interval_ms")
    public long pollIntervalMs;
    /** Null: follow the site's, else the fleet's policy. */
    @Column(name = "drift_policy")
    public String driftPolicy;
    public String settings;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
