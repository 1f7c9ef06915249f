package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Something that happened to a device (topic {@code fos.device.events}): a relay, scenario, power or watchdog change,
 * a failover, a re-arm, a power-up, a change of reachability, a drift from or an application of desired configuration.
 *
 * @param syslogCode the device's own syslog code when the event matches a {@code berofos:NN} message, else null
 * @param details    event specifics, e.g. {@code mode}, {@code port}, {@code old}, {@code new}
 * @param message    one line for people
 */
public record DeviceEvent(
        UUID id,
        Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        Integer syslogCode,
        Map<String, String> details,
        String message) implements Envelope {

    /** The kinds of device event, each with the device syslog codes that may report it (docs/protocol.md §3). */
    public enum Type {
        /** 00 Powerup. */
        POWER_UP(0),
        /** 10 / 11 / 12: relay mode A-D / A-B / A-B,C-D. */
        RELAY_CHANGED(10, 11, 12),
        /** 20 / 21: scenario fallback / bypass. */
        SCENARIO_CHANGED(20, 21),
        /** 30 / 31 power port 1 on / off, 32 / 33 power port 2 on / off. */
        POWER_CHANGED(30, 31, 32, 33),
        /** 40 / 41: watchdog switched on / off. */
        WATCHDOG_CHANGED(40, 41),
        /** 42 watchdog ran out, 43 booted still failed over (sticky). */
        FAILOVER(42, 43),
        /** The watchdog was started again after a failure; the device reports that as 40. */
        REARMED(40),
        REACHABLE,
        UNREACHABLE,
        DRIFT_DETECTED,
        CONFIG_APPLIED,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN;

        private final Set<Integer> syslogCodes;

        Type(Integer... syslogCodes) {
            this.syslogCodes = Set.of(syslogCodes);
        }

        /** The device syslog codes an event of this type may carry; empty when the device never reports it. */
        public Set<Integer> syslogCodes() {
            return syslogCodes;
        }
    }

    public DeviceEvent {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        // a newer type's codes are not known here
        if (syslogCode != null && type != Type.UNKNOWN && !type.syslogCodes().contains(syslogCode)) {
            String allowed = type.syslogCodes().stream().sorted().map(c -> String.format("%02d", c))
                    .collect(Collectors.joining(", "));
            throw new InvalidFieldException("syslogCode", String.format("%02d does not report %s; allowed: %s", syslogCode,
                    type, allowed.isEmpty() ? "none" : allowed));
        }
        details = Fields.map(details, "details");
        Fields.text(message, "message", Limits.LINE);
    }

    /** A new event with a fresh id at the current schema version; {@code syslogCode} and {@code details} may be null. */
    public static DeviceEvent create(Type type, DeviceId deviceId, Instant occurredAt, String source, Integer syslogCode,
                                     Map<String, String> details, String message) {
        return new DeviceEvent(UUID.randomUUID(), type, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION, syslogCode,
                details, message);
    }
}
