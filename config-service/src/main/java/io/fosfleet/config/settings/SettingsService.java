package io.fosfleet.config.settings;

import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.JsonText;
import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.outbox.ConfigPublisher;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.events.DeviceConfig.DriftPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fleet-wide defaults and per-site overrides of desired settings and drift policy, and how they combine with a
 * device's own: the device's value wins over its site's, the site's over the fleet's.
 */
@ApplicationScoped
public class SettingsService {

    /** Settings and drift policy of one scope; a null policy defers to the wider scope. */
    public record Scope(Map<String, String> settings, DriftPolicy driftPolicy) {
    }

    /** One effective setting and the scope it comes from: {@code fleet}, {@code site:<name>} or {@code device}. */
    public record Effective(String value, String from) {
    }

    /** What a device is told: its effective settings with their origin, and its drift policy. */
    public record EffectiveSettings(Map<String, Effective> settings, DriftPolicy driftPolicy, String driftPolicyFrom) {

        public Map<String, String> values() {
            Map<String, String> values = new TreeMap<>();
            settings.forEach((k, v) -> values.put(k, v.value()));
            return values;
        }
    }

    /** The policy when nobody chose one: report drift, change nothing on the device. */
    public static final DriftPolicy DEFAULT_DRIFT_POLICY = DriftPolicy.REPORT;

    private final EntityManager em;
    private final ConfigPublisher publisher;
    private final AuditLog audit;

    public SettingsService(EntityManager em, ConfigPublisher publisher, AuditLog audit) {
        this.em = em;
        this.publisher = publisher;
        this.audit = audit;
    }

    public Scope fleet() {
        return scope(SettingsScopeEntity.ScopeId.fleet());
    }

    public Scope site(String site) {
        return scope(SettingsScopeEntity.ScopeId.site(site));
    }

    @Transactional
    public Scope putFleet(Scope scope) {
        Scope saved = put(SettingsScopeEntity.ScopeId.fleet(), scope);
        audit.changed("SETTINGS_FLEET_SET", "SETTINGS", "fleet", null, describe(saved));
        publisher.publishAll(em.createQuery("select id from DeviceEntity", String.class).getResultList());
        return saved;
    }

    @Transactional
    public Scope putSite(String name, Scope scope) {
        Problems problems = new Problems();
        String site = Inputs.site(problems, "site", name);
        problems.throwIfAny();
        Scope saved = put(SettingsScopeEntity.ScopeId.site(site), scope);
        audit.changed("SETTINGS_SITE_SET", "SETTINGS", "site:" + site, null, describe(saved));
        publisher.publishAll(em.createQuery("select id from DeviceEntity where site = :s", String.class)
                .setParameter("s", site).getResultList());
        return saved;
    }

    public EffectiveSettings effective(DeviceEntity device) {
        Map<String, Effective> out = new TreeMap<>();
        Scope fleet = fleet();
        Scope site = device.site == null ? new Scope(Map.of(), null) : site(device.site);
        fleet.settings().forEach((k, v) -> out.put(k, new Effective(v, "fleet")));
        site.settings().forEach((k, v) -> out.put(k, new Effective(v, "site:" + device.site)));
        JsonText.map(device.settings).forEach((k, v) -> out.put(k, new Effective(v, "device")));
        if (device.driftPolicy != null) {
            return new EffectiveSettings(out, DriftPolicy.valueOf(device.driftPolicy), "device");
        } else if (site.driftPolicy() != null) {
            return new EffectiveSettings(out, site.driftPolicy(), "site:" + device.site);
        } else if (fleet.driftPolicy() != null) {
            return new EffectiveSettings(out, fleet.driftPolicy(), "fleet");
        }
        return new EffectiveSettings(out, DEFAULT_DRIFT_POLICY, "default");
    }

    private Scope scope(SettingsScopeEntity.ScopeId id) {
        SettingsScopeEntity e = em.find(SettingsScopeEntity.class, id);
        return e == null ? new Scope(Map.of(), null)
                : new Scope(JsonText.map(e.settings), e.driftPolicy == null ? null : DriftPolicy.valueOf(e.driftPolicy));
    }

    private Scope put(SettingsScopeEntity.ScopeId id, Scope scope) {
        if (scope == null) {
            throw ProblemException.invalid("body", "is required",
                    "{\"settings\": {...}, \"driftPolicy\": \"ENFORCE\" or \"REPORT\"}");
        }
        Problems problems = new Problems();
        Map<String, String> settings = DesiredSettings.normalize("settings", scope.settings(), problems);
        problems.throwIfAny();
        SettingsScopeEntity e = em.find(SettingsScopeEntity.class, id);
        boolean created = e == null;
        if (created) {
            e = new SettingsScopeEntity();
            e.id = id;
        }
        e.settings = JsonText.of(settings);
        e.driftPolicy = scope.driftPolicy() == null ? null : scope.driftPolicy().name();
        e.updatedAt = Instant.now();
        if (created) {
            em.persist(e);
        }
        return new Scope(settings, scope.driftPolicy());
    }

    private static String describe(Scope scope) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("settings", scope.settings());
        d.put("driftPolicy", scope.driftPolicy());
        return d.toString();
    }

    /** All sites that have overrides. */
    public List<String> sites() {
        return em.createQuery("select s.id.name from SettingsScopeEntity s where s.id.kind = 'SITE' order by s.id.name",
                String.class).getResultList();
    }
}
