package io.fosfleet.config.audit;

import io.fosfleet.config.command.CommandEntity;
import io.fosfleet.events.Command;
import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.protocol.RelayMode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Audits the commands other services send to {@code fos.device.commands} on their own — heartbeat-service's fast
 * failover, automatic return and maintenance switches — next to the operators' actions. Commands issued through this
 * service's API are audited there, with the operator's name, and are left alone here. A command has at most one
 * entry (the audit's command id is unique), so a redelivered record changes nothing.
 */
@ApplicationScoped
public class CommandAudit {

    /** The {@code source} this service writes into the commands it issues. */
    public static final String OWN_SOURCE = "config-service";
    private static final Logger LOG = Logger.getLogger(CommandAudit.class);
    private static final String SCAN_KEY = "discovery";
    /** The actor of an entry whose result was read before its command. */
    static final String UNKNOWN_ACTOR = "unknown";

    private final EntityManager em;
    private final AuditLog audit;
    private final MeterRegistry registry;

    public CommandAudit(EntityManager em, AuditLog audit, MeterRegistry registry) {
        this.em = em;
        this.audit = audit;
        this.registry = registry;
    }

    /**
     * Writes the command's entry unless it was issued here or was read before; completes the entry its result wrote
     * when the result was read first. Answers whether it wrote.
     */
    @Transactional
    public boolean commanded(DeviceCommand c) {
        String commandId = c.commandId().toString();
        if (OWN_SOURCE.equals(c.source()) || em.find(CommandEntity.class, commandId) != null) {
            return false;
        }
        AuditEntity e = audit.byCommand(commandId);
        if (e != null && e.source != null) {
            return false;  // read before: a redelivery
        }
        String deviceId = c.deviceId().value();
        boolean scan = c.type() == DeviceCommand.Type.SCAN && SCAN_KEY.equals(deviceId);
        String pairId = scan ? null : em.createQuery("select id from PairEntity where deviceId = :d", String.class)
                .setParameter("d", deviceId).getResultStream().findFirst().orElse(null);
        String detail = detail(c, pairId);
        String actor = AuditLog.abbreviate(c.requestedBy(), 100);
        String reason = AuditLog.abbreviate(c.reason(), 500);
        if (e == null) {
            e = audit.write(actor, "COMMAND_" + c.type().name(), scan ? "FLEET" : "DEVICE", deviceId, reason, detail,
                    "PENDING", commandId);
        } else {  // its result came first (the two topics are read independently): the entry keeps the outcome
            e.actor = actor;
            e.reason = reason;
            e.detail = AuditLog.abbreviate(detail + (e.detail == null ? "" : "; " + e.detail), 4000);
        }
        e.at = c.occurredAt();
        e.source = AuditLog.abbreviate(c.source(), 100);
        registry.counter("fosfleet.audit.system.commands", "source", e.source).increment();
        log(actor, e.source, c.type(), deviceId, detail, reason);
        return true;
    }

    /**
     * The detail of a command's entry, the same whoever sent it (an operator at the API or a service on its own): the
     * command in words, its pair if the device has one, its parameters, e.g. {@code switch relay to A–D (secondary),
     * pair pair-r7; parameters={mode=0}}. A password never gets here: no command carries one.
     */
    public static String detail(Command command, String pairId) {
        Map<String, String> parameters = command.parameters();
        return describe(command) + (pairId == null ? "" : ", pair " + pairId)
                + (parameters.isEmpty() ? "" : "; parameters=" + new TreeMap<>(parameters));
    }

    /**
     * The detail of a command another service sent; one whose parameters are not valid (device-gateway refuses it)
     * is described by its type and the problem, its values left out.
     */
    static String detail(DeviceCommand c, String pairId) {
        try {
            return detail(c.command(), pairId);
        } catch (InvalidFieldException e) {
            return "invalid " + c.type() + (pairId == null ? "" : ", pair " + pairId) + ": " + e.getMessage()
                    + "; parameters given: " + String.join(", ", new TreeSet<>(c.parameters().keySet()));
        }
    }

    /**
     * The log line of a command's entry, the same whoever sent it: the actor and where the command came from (the
     * issuing service, or {@code API}), e.g. {@code audit: COMMAND_SWITCH_RELAY fos-1 by heartbeat-service
     * (heartbeat-service): switch relay to A–D (secondary), pair pair-r7; parameters={mode=0}; reason: ...}; an
     * operator's command reads {@code by alice (API)}.
     */
    public static void log(String actor, String source, DeviceCommand.Type type, String targetId, String detail,
                           String reason) {
        LOG.infof("audit: COMMAND_%s %s by %s (%s): %s; reason: %s", type, targetId, actor,
                source == null ? "API" : source, detail, reason == null ? "none given" : reason);
    }

    /**
     * A result of a command issued elsewhere completes that command's entry; read before its command, it writes the
     * entry with the outcome and an issuer not known yet, which the command fills in.
     */
    @Transactional
    public void completed(CommandResult r) {
        String commandId = r.commandId().toString();
        String message = r.failure() == null ? r.message() : r.failure() + ": " + r.message();
        if (audit.byCommand(commandId) != null) {
            audit.commandCompleted(commandId, r.outcome().name(), message);
            return;
        }
        String deviceId = r.deviceId().value();
        boolean scan = r.type() == DeviceCommand.Type.SCAN && SCAN_KEY.equals(deviceId);
        AuditEntity e = audit.write(UNKNOWN_ACTOR, "COMMAND_" + r.type().name(), scan ? "FLEET" : "DEVICE", deviceId,
                null, message == null ? null : "result: " + message, r.outcome().name(), commandId);
        e.at = r.occurredAt();
    }

    /** The command in words, as a NOC engineer reads it (a switch over every type: a new one must be worded here). */
    static String describe(Command command) {
        return switch (command.type()) {
            case SWITCH_RELAY -> ((Command.SwitchRelay) command).mode() == RelayMode.A_D
                    ? "switch relay to A–D (secondary)" : "switch relay to A–B (primary)";
            case SET_POWER -> {
                Command.SetPower power = (Command.SetPower) command;
                yield "power port " + power.port() + " " + (power.on() ? "on" : "off");
            }
            case WATCHDOG_ENABLE -> "watchdog on";
            case WATCHDOG_DISABLE -> "watchdog off";
            case WATCHDOG_REARM -> "re-arm the watchdog";
            case SET_KEY -> "set " + ((Command.SetKey) command).key().keyword();
            case KICK -> "kick the watchdog";
            case PING -> "ping";
            case TEST_MAIL -> "send a test mail";
            case NETCONF -> "change the network settings";
            case FLASH -> "flash firmware " + ((Command.Flash) command).firmware();
            case RESET -> "factory reset";
            case SCAN -> {
                Command.Scan scan = (Command.Scan) command;
                yield "discovery scan " + (scan.host() != null ? scan.host() : scan.range() != null
                        ? scan.range().text() : scan.broadcast() != null ? scan.broadcast().toString() : "");
            }
        };
    }
}
