package io.fosfleet.config.history;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the fleet view: a registered device, the pair it serves, and its latest observed state (null fields
 * until device-gateway reported it).
 */
public record FleetEntry(String deviceId, String name, String site, String rack, String host, String pairId,
                         Boolean maintenance, Boolean reachable, Boolean devmode, Instant observedAt,
                         Instant stateAt, Map<String, String> values) {
}
