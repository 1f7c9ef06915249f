package io.fosfleet.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What heartbeat-service knows about one pair's watchdog kicks (compacted topic {@code fos.heartbeat.kicks}, key =
 * device id): whether the device is being kicked, why not, when a kick was last acknowledged and, once kicks stopped,
 * when the device's watchdog runs out. Published by the replica that owns the pair when any of that changes and,
 * while the pair is kicked, again every {@code refreshInterval}, so a reader can tell a fresh summary from a stale one.
 * Never one record per kick. A removed pair gets a tombstone (null value).
 *
 * @param replica         the heartbeat-service replica that owns the pair (and wrote this summary)
 * @param kicking         true while the device is kicked
 * @param notKicking      why it is not kicked; null while kicking
 * @param acksFailing     kicks are sent but the device has not acknowledged them since the last acknowledged one
 * @param kickInterval    the pair's kick interval
 * @param refreshInterval how often a kicked pair's summary is published again: a summary of a kicked pair older than
 *                        about twice this is stale (the replica stopped writing)
 * @param watchdogTimeout the device's watchdog timeout ({@code wdogitime}) as desired for the pair; null when the
 *                        pair's configuration does not set it
 * @param lastAckAt       when the device last acknowledged a kick from this replica; null when none since it took the
 *                        pair
 * @param kicksStoppedAt  when kicking stopped; null while kicking or when this replica never kicked the pair
 * @param failsOverAt     {@code lastAckAt + watchdogTimeout} when the device is not kicked or does not acknowledge
 *                        kicks: when its watchdog runs out; null while kicks are acknowledged or when either is unknown
 */
public record KickSummary(
        UUID id,
        Type type,
        DeviceId deviceId,
        Instant occurredAt,
        String source,
        int schemaVersion,
        String pairId,
        String replica,
        boolean kicking,
        NotKicking notKicking,
        boolean acksFailing,
        Duration kickInterval,
        Duration refreshInterval,
        Duration watchdogTimeout,
        Instant lastAckAt,
        Instant kicksStoppedAt,
        Instant failsOverAt) implements Envelope {

    /** A summary is always whole, so the compacted topic holds everything known about a pair's kicks. */
    public enum Type {
        SUMMARY,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    /** Why a pair is not kicked. */
    public enum NotKicking {
        /** Not kicked yet: waiting for the start delay or for the first verdict on the primary. */
        STARTING,
        /** The primary is down: the device fails over when its watchdog runs out (or at once with fast failover). */
        PRIMARY_DOWN,
        /** The pair is in maintenance: failed over on purpose, not kicked. */
        MAINTENANCE,
        /** The device's address or MAC cannot be used for a kick. */
        CANNOT_KICK,
        /**
         * A value this version does not know, written by a newer producer (see events/README.md, evolution rules).
         * Only ever read, never written: {@link EventJson} refuses to write it.
         */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public KickSummary {
        Fields.envelope(id, type, deviceId, occurredAt, source, schemaVersion);
        Fields.text(pairId, "pairId", Limits.ID);
        Fields.text(replica, "replica", Limits.NAME);
        if (kicking && notKicking != null) {
            throw new InvalidFieldException("notKicking", "is " + notKicking + ", must be absent while kicking");
        }
        if (!kicking && notKicking == null) {
            throw new InvalidFieldException("notKicking", "is required when not kicking");
        }
        Fields.positive(kickInterval, "kickInterval");
        Fields.positive(refreshInterval, "refreshInterval");
        if (watchdogTimeout != null) {
            Fields.positive(watchdogTimeout, "watchdogTimeout");
        }
    }

    /**
     * A summary now; {@code failsOverAt} follows from the other fields.
     *
     * @param notKicking null while kicking
     */
    public static KickSummary of(DeviceId deviceId, String pairId, Instant occurredAt, String source, String replica,
                                 NotKicking notKicking, boolean acksFailing, Duration kickInterval,
                                 Duration refreshInterval, Duration watchdogTimeout, Instant lastAckAt,
                                 Instant kicksStoppedAt) {
        boolean kicking = notKicking == null;
        Instant failsOverAt = (!kicking || acksFailing) && lastAckAt != null && watchdogTimeout != null
                ? lastAckAt.plus(watchdogTimeout) : null;
        return new KickSummary(UUID.randomUUID(), Type.SUMMARY, deviceId, occurredAt, source, CURRENT_SCHEMA_VERSION,
                pairId, replica, kicking, notKicking, acksFailing, kickInterval, refreshInterval, watchdogTimeout,
                lastAckAt, kicking ? null : kicksStoppedAt, failsOverAt);
    }
}
