package io.fosfleet.config.command;

import io.fosfleet.config.ConfigServiceConfig;
import io.fosfleet.config.JsonText;
import io.fosfleet.config.audit.AuditLog;
import io.fosfleet.config.audit.CommandAudit;
import io.fosfleet.config.device.DeviceEntity;
import io.fosfleet.config.problem.FieldProblem;
import io.fosfleet.config.settings.SettingsService;
import io.fosfleet.events.DeviceConfig.DriftPolicy;
import io.fosfleet.config.device.DeviceService;
import io.fosfleet.config.outbox.Outbox;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.config.security.Actor;
import io.fosfleet.events.Command;
import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts commands: checks them, saves them with their audit entry and their {@code fos.device.commands} record in
 * one transaction (the outbox sends it), and records the outcome device-gateway reports.
 */
@ApplicationScoped
public class CommandService {

    /** The Kafka key of discovery scans, which concern no registered device. */
    public static final String SCAN_KEY = "discovery";
    private static final String NO_REASON = "no reason given";

    private final EntityManager em;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Actor actor;
    private final DeviceService devices;
    private final ConfigServiceConfig config;

    private final SettingsService settings;

    public CommandService(EntityManager em, Outbox outbox, AuditLog audit, Actor actor, DeviceService devices,
                          ConfigServiceConfig config, SettingsService settings) {
        this.settings = settings;
        this.em = em;
        this.outbox = outbox;
        this.audit = audit;
        this.actor = actor;
        this.devices = devices;
        this.config = config;
    }

    @Transactional
    public CommandView submit(String deviceId, CommandInput input) {
        if (input == null || input.type() == null) {
            throw ProblemException.invalid("type", "is required", String.join(", ", Inputs.names(DeviceCommand.Type.class)));
        }
        DeviceEntity device = null;
        if (input.type() == DeviceCommand.Type.SCAN) {
            if (!SCAN_KEY.equals(deviceId)) {
                throw ProblemException.invalid("type", "SCAN concerns no single device",
                        "POST /api/commands/scan");
            }
        } else {
            device = devices.find(deviceId);
        }
        Problems problems = new Problems();
        String given = Inputs.reason(problems, "reason", input.reason());
        Command typed = CommandRules.check(input.type(), input.parameters(), input.reason(), input.confirm(), problems);
        problems.throwIfAny();
        String reason = given == null ? NO_REASON : given;
        UUID commandId = UUID.randomUUID();
        String note = typed instanceof Command.SetKey setKey
                ? againstDesired(device, setKey, reason, commandId.toString()) : null;
        Instant now = Instant.now();
        DeviceCommand command = DeviceCommand.of(typed, commandId, DeviceId.of(deviceId), now, "config-service",
                actor.name(), reason, input.confirm(), now.plus(config.commands().deadline()));
        Map<String, String> parameters = command.parameters();
        CommandEntity c = new CommandEntity();
        c.id = command.commandId().toString();
        c.deviceId = deviceId;
        c.type = input.type().name();
        c.parameters = JsonText.of(parameters);
        c.reason = reason;
        c.requestedBy = command.requestedBy();
        c.confirmed = input.confirm();
        c.requestedAt = now;
        c.deadline = command.deadline();
        c.status = "PENDING";
        em.persist(c);
        outbox.add(Topic.DEVICE_COMMANDS, command);
        String detail = CommandAudit.detail(typed, pairOf(deviceId));
        audit.write(c.requestedBy, "COMMAND_" + c.type, SCAN_KEY.equals(deviceId) ? "FLEET" : "DEVICE", deviceId,
                reason, detail, "PENDING", c.id);
        CommandAudit.log(c.requestedBy, null, input.type(), deviceId, detail, reason);
        return CommandView.of(c).withNote(note);
    }

    private String pairOf(String deviceId) {
        return SCAN_KEY.equals(deviceId) ? null
                : em.createQuery("select id from PairEntity where deviceId = :d", String.class)
                .setParameter("d", deviceId).getResultStream().findFirst().orElse(null);
    }

    /**
     * A SET_KEY against the device's effective desired settings. With {@code updateDesired=true} the value becomes the
     * device's own desired setting in this transaction (audited, published); otherwise a key whose desired value
     * differs is refused (409) under ENFORCE, which would write the desired value back at once, and accepted with a
     * note under REPORT. Answers the note, or null.
     */
    private String againstDesired(DeviceEntity device, Command.SetKey command, String reason, String commandId) {
        String keyword = command.key().keyword();
        String value = command.value();
        SettingsService.EffectiveSettings effective = settings.effective(device);
        SettingsService.Effective desired = effective.settings().get(keyword);
        if (command.updateDesired()) {
            devices.setDesired(device, keyword, value, reason, commandId);
            return "the device's own desired " + keyword + " is now " + Inputs.quote(value)
                    + (desired == null || desired.from().equals("device") || desired.value().equals(value) ? ""
                    : " (it overrides " + Inputs.quote(desired.value()) + " from " + desired.from() + ")");
        }
        if (desired == null || desired.value().equals(value)) {
            return null;
        }
        String setBy = keyword + " has the desired value " + Inputs.quote(desired.value()) + ", set by "
                + desired.from();
        String howTo = "change it with " + settingsEndpoint(desired.from(), device.id)
                + ", or send this command again with parameters." + Command.SetKey.UPDATE_DESIRED + "=true to make "
                + Inputs.quote(value) + " the device's own desired value";
        if (effective.driftPolicy() == DriftPolicy.ENFORCE) {
            String detail = setBy + ", and drift policy ENFORCE (from " + effective.driftPolicyFrom()
                    + ") would write it back at once: " + howTo;
            throw new ProblemException(409, "Desired setting enforced", detail,
                    List.of(FieldProblem.of("parameters." + Command.SetKey.KEY, detail)));
        }
        return "the device will then differ from its desired setting: " + setBy + "; drift policy REPORT (from "
                + effective.driftPolicyFrom() + ") reports that as drift and leaves the device alone. To keep "
                + Inputs.quote(value) + ", " + howTo;
    }

    /** Where the desired settings of a layer ({@code device}, {@code site:<name>}, {@code fleet}) are changed. */
    static String settingsEndpoint(String layer, String deviceId) {
        if (layer.startsWith("site:")) {
            return "PUT /api/settings/sites/" + layer.substring("site:".length());
        }
        return layer.equals("device") ? "PUT /api/devices/" + deviceId + "/settings" : "PUT /api/settings/fleet";
    }

    @Transactional
    public CommandView get(String commandId) {
        CommandEntity c = em.find(CommandEntity.class, commandId);
        if (c == null) {
            throw ProblemException.notFound("command", commandId);
        }
        return CommandView.of(c);
    }

    @Transactional
    public List<CommandView> list(String deviceId, int limit) {
        String where = deviceId == null ? "" : " where deviceId = :d";
        var q = em.createQuery("from CommandEntity" + where + " order by requestedAt desc", CommandEntity.class);
        if (deviceId != null) {
            q.setParameter("d", deviceId);
        }
        return q.setMaxResults(limit).getResultStream().map(CommandView::of).toList();
    }

    /**
     * Records device-gateway's answer; the first answer counts (a redelivered one changes nothing). Answers false for
     * a command this service never issued (the heartbeat-service's fast failover commands, for example).
     */
    @Transactional
    public boolean completed(CommandResult result) {
        CommandEntity c = em.find(CommandEntity.class, result.commandId().toString());
        if (c == null || !"PENDING".equals(c.status)) {
            return c != null;
        }
        c.status = result.outcome().name();
        c.failure = result.failure() == null ? null : result.failure().name();
        c.message = result.message();
        c.details = JsonText.of(result.details());
        c.completedAt = result.occurredAt();
        audit.commandCompleted(c.id, c.status, result.failure() == null ? result.message()
                : result.failure() + ": " + result.message());
        return true;
    }
}
