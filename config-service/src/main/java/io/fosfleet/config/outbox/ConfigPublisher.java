package io.fosfleet.config.outbox;

import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.node.NodeEntity;
import io.fosfleet.config.node.Nodes;
import io.fosfleet.config.pair.PairEntity;
import io.fosfleet.config.settings.SettingsService;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Turns the saved inventory of a device (registration, effective settings, the pair it serves with the primary's
 * probes) into its {@code fos.config} record and puts it in the outbox, inside the transaction of the change.
 */
@ApplicationScoped
public class ConfigPublisher {

    private static final String SOURCE = "config-service";

    private final EntityManager em;
    private final Outbox outbox;
    private final SettingsService settings;

    public ConfigPublisher(EntityManager em, Outbox outbox, SettingsService settings) {
        this.em = em;
        this.outbox = outbox;
        this.settings = settings;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String deviceId) {
        em.flush();
        outbox.add(Topic.CONFIG, record(em.find(DeviceEntity.class, deviceId)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(Collection<String> deviceIds) {
        deviceIds.forEach(this::publish);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publishDeleted(String deviceId) {
        outbox.add(Topic.CONFIG, ConfigRecord.deleted(DeviceId.of(deviceId), Instant.now(), SOURCE));
    }

    /** The record device-gateway and heartbeat-service would receive for this device now. */
    public ConfigRecord record(DeviceEntity d) {
        SettingsService.EffectiveSettings effective = settings.effective(d);
        DeviceConfig device = new DeviceConfig(DeviceId.of(d.id), d.name, d.mac, d.host, d.httpPort, d.credentialName,
                d.site, d.rack, Duration.ofMillis(d.pollIntervalMs), effective.values(), effective.driftPolicy());
        return ConfigRecord.desired(device, pairOf(d.id).map(this::pairConfig).orElse(null), Instant.now(), SOURCE);
    }

    private Optional<PairEntity> pairOf(String deviceId) {
        return em.createQuery("from PairEntity where deviceId = :d", PairEntity.class).setParameter("d", deviceId)
                .getResultStream().findFirst();
    }

    private PairConfig pairConfig(PairEntity p) {
        NodeEntity primary = em.find(NodeEntity.class, p.primaryNodeId);
        NodeEntity secondary = em.find(NodeEntity.class, p.secondaryNodeId);
        // The node id, not its display name: heartbeat-service knows a node by it (passive heartbeats are posted to
        // /nodes/{id}/heartbeat with the node's token, whose subject is the id), and ids are unique and URL-safe.
        return new PairConfig(p.id, DeviceId.of(p.deviceId), new PairConfig.Node(primary.id, primary.host),
                new PairConfig.Node(secondary.id, secondary.host), p.scenario, Duration.ofMillis(p.kickIntervalMs),
                Duration.ofMillis(p.startDelayMs), PairConfig.FailoverPolicy.valueOf(p.failoverPolicy),
                p.fastFailover, p.maintenance, Nodes.probes(primary),
                PairConfig.ProbeCombination.valueOf(primary.probeCombination));
    }
}
