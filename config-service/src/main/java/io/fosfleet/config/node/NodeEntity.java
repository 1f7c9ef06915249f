package io.fosfleet.config.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A telephone system (PBX) behind a berofos, with the health probes that judge it when it is a pair's primary. */
@Entity
@Table(name = "node")
public class NodeEntity {

    @Id
    public String id;
    public String name;
    public String host;
    /** JSON array of events' {@code Probe} records, exactly as they are published. */
    public String probes;
    @Column(name = "probe_combination")
    public String probeCombination;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
