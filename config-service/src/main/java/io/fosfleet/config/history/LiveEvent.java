package io.fosfleet.config.history;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the event history and of the live stream: a device event, a heartbeat event, or a warning of this
 * service (kind CONFIG, e.g. type HA_WARNING).
 *
 * @param kind DEVICE, HEARTBEAT or CONFIG
 */
public record LiveEvent(String id, String kind, String type, String deviceId, String pairId, String site,
                        Instant occurredAt, String message, Map<String, String> details) {
}
