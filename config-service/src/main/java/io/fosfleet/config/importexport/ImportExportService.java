package io.fosfleet.config.importexport;

import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.device.DeviceInput;
import io.fosfleet.config.device.DeviceService;
import io.fosfleet.config.pair.PairEntity;
import io.fosfleet.config.pair.PairService;
import io.fosfleet.config.JsonText;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.events.DeviceConfig.DriftPolicy;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.conf.BnfosConf;
import io.fosfleet.protocol.conf.BnfosConfException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Imports and exports the two files operators already have: {@code /etc/bnfos.conf} (devices: MAC, host, login) and
 * res_bnfos's {@code bnfos.conf} (kick interval and start delay of each device's pair). An import first plans every
 * section; a dry run or any error stops there, so a broken file changes nothing.
 */
@ApplicationScoped
public class ImportExportService {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    /** Warnings and errors listed in a report; a file with more says how many more. */
    private static final int MAX_NOTES = 1000;

    private final EntityManager em;
    private final DeviceService devices;
    private final PairService pairs;
    private final AuditLog audit;

    public ImportExportService(EntityManager em, DeviceService devices, PairService pairs, AuditLog audit) {
        this.em = em;
        this.devices = devices;
        this.pairs = pairs;
        this.audit = audit;
    }

    // ---- /etc/bnfos.conf ------------------------------------------------------------------------------------------

    @Transactional
    public ImportReport importEtcBnfosConf(String text, boolean dryRun) {
        List<ImportReport.Change> changes = new ArrayList<>();
        List<ImportReport.Note> warnings = new ArrayList<>();
        List<ImportReport.Note> errors = new ArrayList<>();
        BnfosConf conf;
        try {
            conf = BnfosConf.parse(text == null ? "" : text);
        } catch (BnfosConfException e) {
            errors.add(new ImportReport.Note(e.lineNumber(), e.problem()));
            return new ImportReport(dryRun, false, changes, warnings, errors);
        }
        if (conf.devices().size() > Limits.IMPORT_SECTIONS) {
            errors.add(new ImportReport.Note(0, "the file has " + conf.devices().size() + " sections, at most "
                    + Limits.IMPORT_SECTIONS + " are imported at once; split it"));
            return new ImportReport(dryRun, false, changes, warnings, errors);
        }
        Registered known = registered();
        Map<String, Integer> headers = sectionLines(text);
        Map<String, String> macsInFile = new HashMap<>();
        List<Runnable> apply = new ArrayList<>();
        for (BnfosConf.Device section : conf.devices()) {
            int line = headers.getOrDefault(section.name().toLowerCase(Locale.ROOT), 0);
            if (section.mac() == null) {
                errors.add(new ImportReport.Note(line, "[" + section.name() + "] has no mac; fosfleet identifies "
                        + "devices by MAC"));
                continue;
            }
            if (section.host() == null) {
                errors.add(new ImportReport.Note(line, "[" + section.name() + "] has no host (';host = 0.0.0.0' "
                        + "is a device without address); give it the address device-gateway reaches it at"));
                continue;
            }
            String twin = macsInFile.putIfAbsent(section.mac().toString(), section.name());
            if (twin != null) {
                errors.add(new ImportReport.Note(line, "[" + section.name() + "] has MAC " + section.mac()
                        + ", which [" + twin + "] has too"));
                continue;
            }
            String credential = null;
            if (section.login() != null) {
                credential = section.name();
                warnings.add(new ImportReport.Note(line, "the password of [" + section.name() + "] is not imported "
                        + "(passwords are never stored here): store it as credential '" + credential
                        + "' in device-gateway's secret store"));
            }
            DeviceEntity existing = known.byMac().get(section.mac().toString());
            if (existing != null) {
                boolean same = existing.host.equals(section.host())
                        && (credential == null || credential.equals(existing.credentialName));
                String newCredential = credential == null ? existing.credentialName : credential;
                changes.add(new ImportReport.Change(line, section.name(), same ? "UNCHANGED" : "UPDATE",
                        "device " + existing.id, same ? null : "host " + existing.host + " -> " + section.host()));
                if (!same) {
                    DeviceInput input = new DeviceInput(existing.id, existing.name, existing.mac, section.host(),
                            existing.httpPort, newCredential, existing.site, existing.rack,
                            Duration.ofMillis(existing.pollIntervalMs),
                            existing.driftPolicy == null ? null : DriftPolicy.valueOf(existing.driftPolicy),
                            JsonText.map(existing.settings));
                    apply.add(() -> devices.replace(existing.id, input));
                }
                continue;
            }
            String id = section.name();
            if (Inputs.id(new Problems(), "section", id) == null) {
                errors.add(new ImportReport.Note(line, "section name " + Inputs.quote(id) + " cannot be a device "
                        + "id: 1 to " + Limits.ID + " letters, digits, '.', '_' and '-'"));
                continue;
            }
            if (known.byId().containsKey(id) || known.byName().containsKey(id)) {
                errors.add(new ImportReport.Note(line, "[" + id + "] has MAC " + section.mac()
                        + ", but device id or name '" + id + "' is registered with another MAC"));
                continue;
            }
            changes.add(new ImportReport.Change(line, section.name(), "CREATE", "device " + id,
                    "mac " + section.mac() + ", host " + section.host()));
            DeviceInput input = new DeviceInput(id, id, section.mac().toString(), section.host(), null, credential,
                    null, null, null, null, null);
            apply.add(() -> devices.create(input));
        }
        return finish("IMPORT_ETC_BNFOS_CONF", dryRun, changes, warnings, errors, apply);
    }

    @Transactional
    public String exportEtcBnfosConf() {
        List<BnfosConf.Device> out = em.createQuery("from DeviceEntity order by id", DeviceEntity.class)
                .getResultStream().map(d -> new BnfosConf.Device(d.id, MacAddress.parse(d.mac), d.host, null))
                .toList();
        return new BnfosConf(out).format();
    }

    // ---- res_bnfos bnfos.conf --------------------------------------------------------------------------------------

    @Transactional
    public ImportReport importResBnfosConf(String text, boolean dryRun) {
        List<ImportReport.Change> changes = new ArrayList<>();
        List<ImportReport.Note> warnings = new ArrayList<>();
        List<ImportReport.Note> errors = new ArrayList<>();
        ResBnfosConf conf = ResBnfosConf.parse(text == null ? "" : text);
        conf.problems().forEach(p -> errors.add(new ImportReport.Note(p.line(), p.message())));
        if (conf.sections().size() > Limits.IMPORT_SECTIONS) {
            errors.add(new ImportReport.Note(0, "the file has " + conf.sections().size() + " sections, at most "
                    + Limits.IMPORT_SECTIONS + " are imported at once; split it"));
            return finish("IMPORT_RES_BNFOS_CONF", dryRun, changes, warnings, errors, List.of());
        }
        Registered known = registered();
        List<Runnable> apply = new ArrayList<>();
        for (ResBnfosConf.Section s : conf.sections()) {
            DeviceEntity device = device(s, errors, known);
            if (device == null) {
                continue;
            }
            PairEntity pair = known.pairByDevice().get(device.id);
            if (pair == null) {
                errors.add(new ImportReport.Note(s.line(), "device " + device.id + " of [" + s.name()
                        + "] serves no pair; create the pair first"));
                continue;
            }
            Integer kick = seconds(s, "kick_interval", 5, 1, errors);
            Integer delay = seconds(s, "kick_start_delay", kick == null ? 5 : kick, 0, errors);
            String ip = s.values().get("dev_ip");
            if (ip != null && !ip.isEmpty() && !ip.equals(device.host)) {
                warnings.add(new ImportReport.Note(s.lineOf("dev_ip"), "dev_ip " + ip + " differs from device "
                        + device.id + "'s host " + device.host + "; the host is kept"));
            }
            for (String ignored : List.of("events_cmd", "disabled")) {
                if (s.values().containsKey(ignored)) {
                    warnings.add(new ImportReport.Note(s.lineOf(ignored), ignored + " is not imported: fosfleet "
                            + "publishes heartbeat events on fos.heartbeat.events and pauses pairs with maintenance"));
                }
            }
            if (kick == null || delay == null) {
                continue;
            }
            Duration kickInterval = Duration.ofSeconds(kick);
            Duration startDelay = Duration.ofSeconds(delay);
            boolean same = pair.kickIntervalMs == kickInterval.toMillis() && pair.startDelayMs == startDelay.toMillis();
            changes.add(new ImportReport.Change(s.line(), s.name(), same ? "UNCHANGED" : "UPDATE", "pair " + pair.id,
                    same ? null : "kickInterval " + Duration.ofMillis(pair.kickIntervalMs) + " -> " + kickInterval
                            + ", startDelay " + Duration.ofMillis(pair.startDelayMs) + " -> " + startDelay));
            if (!same) {
                apply.add(() -> pairs.setKickTiming(pair, kickInterval, startDelay, "res_bnfos bnfos.conf"));
            }
        }
        return finish("IMPORT_RES_BNFOS_CONF", dryRun, changes, warnings, errors, apply);
    }

    @Transactional
    public String exportResBnfosConf() {
        List<ResBnfosConf.Section> sections = new ArrayList<>();
        for (PairEntity p : em.createQuery("from PairEntity order by deviceId", PairEntity.class).getResultList()) {
            DeviceEntity d = em.find(DeviceEntity.class, p.deviceId);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("dev_mac", MacAddress.parse(d.mac).toUpperCaseString());
            values.put("dev_ip", d.host);
            // res_bnfos counts whole seconds; rounding the interval down kicks a little more often, never less
            values.put("kick_interval", Long.toString(Math.max(1, p.kickIntervalMs / 1000)));
            values.put("kick_start_delay", Long.toString(p.startDelayMs / 1000));
            sections.add(new ResBnfosConf.Section(d.id, 0, values, Map.of()));
        }
        return ResBnfosConf.format(sections);
    }

    // ---- shared ------------------------------------------------------------------------------------------------------

    private ImportReport finish(String action, boolean dryRun, List<ImportReport.Change> changes,
                                List<ImportReport.Note> warnings, List<ImportReport.Note> errors,
                                List<Runnable> apply) {
        errors.sort((a, b) -> Integer.compare(a.line(), b.line()));
        boolean applied = !dryRun && errors.isEmpty();
        if (applied) {
            // the plan already checked every section against the registered devices and the file itself; flushing
            // before each of the services' queries would re-check every saved row each time (quadratic)
            em.setFlushMode(FlushModeType.COMMIT);
            apply.forEach(Runnable::run);
            audit.changed(action, "FLEET", "import", null, changes.stream()
                    .filter(c -> !c.action().equals("UNCHANGED"))
                    .map(c -> c.action() + " " + c.target()).toList().toString());
        }
        return new ImportReport(dryRun, applied, changes, atMost(warnings, "warnings"), atMost(errors, "errors"));
    }

    /** The first {@value #MAX_NOTES} notes, and one saying how many more there are. */
    private static List<ImportReport.Note> atMost(List<ImportReport.Note> notes, String what) {
        if (notes.size() <= MAX_NOTES) {
            return notes;
        }
        List<ImportReport.Note> first = new ArrayList<>(notes.subList(0, MAX_NOTES));
        first.add(new ImportReport.Note(0, (notes.size() - MAX_NOTES) + " more " + what + " not listed"));
        return first;
    }

    /** The registered devices and pairs, read once per import, so that each section is looked up at once. */
    private record Registered(Map<String, DeviceEntity> byMac, Map<String, DeviceEntity> byId,
                              Map<String, DeviceEntity> byName, Map<String, PairEntity> pairByDevice) {
    }

    private Registered registered() {
        Map<String, DeviceEntity> byMac = new HashMap<>();
        Map<String, DeviceEntity> byId = new HashMap<>();
        Map<String, DeviceEntity> byName = new HashMap<>();
        for (DeviceEntity d : em.createQuery("from DeviceEntity", DeviceEntity.class).getResultList()) {
            byMac.put(d.mac, d);
            byId.put(d.id, d);
            byName.put(d.name, d);
        }
        Map<String, PairEntity> pairs = new HashMap<>();
        em.createQuery("from PairEntity", PairEntity.class).getResultStream().forEach(p -> pairs.put(p.deviceId, p));
        return new Registered(byMac, byId, byName, pairs);
    }

    /** The device a res_bnfos section means: by dev_mac, else (like res_bnfos) by the section's name. */
    private static DeviceEntity device(ResBnfosConf.Section s, List<ImportReport.Note> errors, Registered known) {
        String mac = s.values().get("dev_mac");
        if (mac != null) {
            MacAddress parsed;
            try {
                parsed = MacAddress.parse(mac);
            } catch (InvalidValueException e) {
                errors.add(new ImportReport.Note(s.lineOf("dev_mac"), "bad MAC " + Inputs.quote(mac)
                        + ", expected XX:XX:XX:XX:XX:XX"));
                return null;
            }
            DeviceEntity d = known.byMac().get(parsed.toString());
            if (d == null) {
                errors.add(new ImportReport.Note(s.lineOf("dev_mac"), "no registered device has MAC " + parsed
                        + "; import /etc/bnfos.conf or register it first"));
            }
            return d;
        }
        DeviceEntity d = known.byId().getOrDefault(s.name(), known.byName().get(s.name()));
        if (d == null) {
            errors.add(new ImportReport.Note(s.line(), "[" + s.name() + "] has no dev_mac and no device is called '"
                    + s.name() + "'"));
        }
        return d;
    }

    private static Integer seconds(ResBnfosConf.Section s, String key, int fallback, int min,
                                   List<ImportReport.Note> errors) {
        String v = s.values().get(key);
        if (v == null) {
            return fallback;
        }
        if (!NUMBER.matcher(v).matches() || Integer.parseInt(v) < min) {
            errors.add(new ImportReport.Note(s.lineOf(key), key + " " + Inputs.quote(v) + " is out of range; a whole "
                    + "number of seconds, at least " + min));
            return null;
        }
        return Integer.parseInt(v);
    }

    /** The line of each section header (by lower-case name), for errors about a section as a whole. */
    private static Map<String, Integer> sectionLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                lines.putIfAbsent(line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT), i + 1);
            }
        }
        return lines;
    }
}
