package io.fosfleet.config.device;

import io.fosfleet.events.DeviceConfig.DriftPolicy;
import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.JsonText;
import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.outbox.ConfigPublisher;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.config.settings.DesiredSettings;
import io.fosfleet.config.settings.SettingsService;
import io.fosfleet.protocol.MacAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Registers, changes and removes devices; every saved change is published to {@code fos.config} via the outbox. */
@ApplicationScoped
public class DeviceService {

    private static final Duration MIN_POLL = Duration.ofSeconds(1);

    private final EntityManager em;
    private final ConfigPublisher publisher;
    private final SettingsService settings;
    private final AuditLog audit;
    private final ConfigServiceConfig config;

    public DeviceService(EntityManager em, ConfigPublisher publisher, SettingsService settings, AuditLog audit,
                         ConfigServiceConfig config) {
        this.em = em;
        this.publisher = publisher;
        this.settings = settings;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    public List<DeviceView> list(String site, String rack) {
        StringBuilder jpql = new StringBuilder("from DeviceEntity where 1 = 1");
        if (site != null) {
            jpql.append(" and site = :site");
        }
        if (rack != null) {
            jpql.append(" and rack = :rack");
        }
        TypedQuery<DeviceEntity> q = em.createQuery(jpql.append(" order by id").toString(), DeviceEntity.class);
        if (site != null) {
            q.setParameter("site", site);
        }
        if (rack != null) {
            q.setParameter("rack", rack);
        }
        return q.getResultStream().map(this::view).toList();
    }

    @Transactional
    public DeviceView get(String id) {
        return view(find(id));
    }

    public DeviceEntity find(String id) {
        DeviceEntity d = em.find(DeviceEntity.class, id);
        if (d == null) {
            throw ProblemException.notFound("device", id);
        }
        return d;
    }

    public DeviceEntity findByMac(MacAddress mac) {
        return em.createQuery("from DeviceEntity where mac = :m", DeviceEntity.class).setParameter("m", mac.toString())
                .getResultStream().findFirst().orElse(null);
    }

    @Transactional
    public DeviceView create(DeviceInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "is required", "a device registration");
        }
        Problems problems = new Problems();
        String id = Inputs.id(problems, "id", input.id());
        if (id != null && em.find(DeviceEntity.class, id) != null) {
            throw ProblemException.conflict("id", "device '" + id + "' already exists");
        }
        DeviceEntity d = new DeviceEntity();
        d.id = id;
        d.createdAt = Instant.now();
        apply(d, input, problems);
        em.persist(d);
        publisher.publish(d.id);
        audit.changed("DEVICE_CREATED", "DEVICE", d.id, null, describe(d));
        return view(d);
    }

    @Transactional
    public DeviceView replace(String id, DeviceInput input) {
        if (input == null) {
            throw ProblemException.invalid("body", "is required", "a device registration");
        }
        DeviceEntity d = find(id);
        Problems problems = new Problems();
        if (input.id() != null && !input.id().equals(id)) {
            problems.add("id", Inputs.quote(input.id()) + " differs from the path's '" + id + "'",
                    "the same id, or none");
        }
        String oldAddress = d.host + ":" + d.httpPort;
        apply(d, input, problems);
        publisher.publish(d.id);
        audit.changed("DEVICE_UPDATED", "DEVICE", d.id, null, describe(d));
        String newAddress = d.host + ":" + d.httpPort;
        if (!oldAddress.equals(newAddress)) {
            // device-gateway sends the device's credential to this address: its own entry, easy to find and alert on
            audit.changed("DEVICE_ADDRESS_CHANGED", "DEVICE", d.id, null, "host " + oldAddress + " -> " + newAddress);
        }
        return view(d);
    }

    /** Replaces only the device's own desired settings. */
    @Transactional
    public DeviceView putSettings(String id, Map<String, String> newSettings) {
        DeviceEntity d = find(id);
        Problems problems = new Problems();
        Map<String, String> normalized = DesiredSettings.normalize("settings", newSettings, problems);
        problems.throwIfAny();
        d.settings = JsonText.of(normalized);
        d.updatedAt = Instant.now();
        publisher.publish(d.id);
        audit.changed("DEVICE_SETTINGS_SET", "DEVICE", d.id, null, "settings=" + normalized);
        return view(d);
    }

    /**
     * Sets one of the device's own desired settings, keeping the others, in the caller's transaction: an operator's
     * SET_KEY with {@code updateDesired=true}. Answers the canonical value.
     */
    @Transactional
    public String setDesired(DeviceEntity d, String keyword, String value, String reason, String commandId) {
        Map<String, String> merged = new java.util.TreeMap<>(JsonText.map(d.settings));
        merged.put(keyword, value);
        Problems problems = new Problems();
        Map<String, String> normalized = DesiredSettings.normalize("parameters", merged, problems);
        problems.throwIfAny();
        d.settings = JsonText.of(normalized);
        d.updatedAt = Instant.now();
        publisher.publish(d.id);
        audit.changed("DEVICE_SETTINGS_SET", "DEVICE", d.id, reason, "settings." + keyword + "="
                + normalized.get(keyword) + " (device's own desired value, with SET_KEY command " + commandId + ")");
        return normalized.get(keyword);
    }

    @Transactional
    public void delete(String id, String reason) {
        DeviceEntity d = find(id);
        String pairId = pairIdOf(id);
        if (pairId != null) {
            throw ProblemException.conflict("id", "device '" + id + "' serves pair '" + pairId
                    + "'; delete the pair first");
        }
        em.remove(d);
        em.createQuery("delete from DeviceStateEntity where deviceId = :d").setParameter("d", id).executeUpdate();
        publisher.publishDeleted(id);
        audit.changed("DEVICE_DELETED", "DEVICE", id, reason, describe(d));
    }

    /** Validates every field, then writes them to {@code d}; refuses with all problems at once. */
    private void apply(DeviceEntity d, DeviceInput in, Problems problems) {
        String name = Inputs.label(problems, "name", in.name());
        MacAddress mac = problems.required("mac", in.mac()) == null ? null
                : problems.check("mac", () -> MacAddress.parse(in.mac()));
        String host = Inputs.host(problems, "host", in.host());
        int port = Inputs.port(problems, "httpPort", in.httpPort(), 80);
        String credential = Inputs.optionalLabel(problems, "credentialName", in.credentialName());
        String site = Inputs.site(problems, "site", in.site());
        String rack = Inputs.site(problems, "rack", in.rack());
        Duration poll = Inputs.duration(problems, "pollInterval", in.pollInterval(), MIN_POLL,
                config.devices().defaultPollInterval());
        Map<String, String> desired = DesiredSettings.normalize("settings", in.settings(), problems);
        problems.throwIfAny();
        uniqueAmongOthers(d.id, "name", name, "name");
        uniqueAmongOthers(d.id, "mac", mac.toString(), "mac");
        d.name = name;
        d.mac = mac.toString();
        d.host = host;
        d.httpPort = port;
        d.credentialName = credential;
        d.site = site;
        d.rack = rack;
        d.pollIntervalMs = poll.toMillis();
        d.driftPolicy = in.driftPolicy() == null ? null : in.driftPolicy().name();
        d.settings = JsonText.of(desired);
        d.updatedAt = Instant.now();
    }

    private void uniqueAmongOthers(String id, String column, String value, String field) {
        em.createQuery("from DeviceEntity where " + column + " = :v", DeviceEntity.class).setParameter("v", value)
                .getResultStream().filter(other -> !Objects.equals(other.id, id)).findFirst()
                .ifPresent(other -> {
                    throw ProblemException.conflict(field, "'" + value + "' is already used by device '" + other.id + "'");
                });
    }

    private String pairIdOf(String deviceId) {
        return em.createQuery("select id from PairEntity where deviceId = :d", String.class)
                .setParameter("d", deviceId).getResultStream().findFirst().orElse(null);
    }

    DeviceView view(DeviceEntity d) {
        SettingsService.EffectiveSettings effective = settings.effective(d);
        return new DeviceView(d.id, d.name, d.mac, d.host, d.httpPort, d.credentialName, d.site, d.rack,
                Duration.ofMillis(d.pollIntervalMs),
                d.driftPolicy == null ? null : DriftPolicy.valueOf(d.driftPolicy),
                JsonText.map(d.settings), effective.settings(), effective.driftPolicy(), pairIdOf(d.id), d.version,
                d.createdAt, d.updatedAt);
    }

    private static String describe(DeviceEntity d) {
        return "name=" + d.name + ", mac=" + d.mac + ", host=" + d.host + ":" + d.httpPort + ", credential="
                + d.credentialName + ", site=" + d.site + ", rack=" + d.rack + ", settings=" + d.settings
                + ", driftPolicy=" + d.driftPolicy;
    }
}
