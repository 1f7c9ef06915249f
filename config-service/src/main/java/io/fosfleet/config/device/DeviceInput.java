package io.fosfleet.config.device;

import io.fosfleet.events.DeviceConfig.DriftPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * A device registration as a client sends it (create or replace).
 *
 * @param httpPort     default 80
 * @param pollInterval default {@code fosfleet.config.devices.default-poll-interval}
 * @param driftPolicy  null: the site's or the fleet's
 * @param settings     the device's own desired settings by bnfos keyword, over its site's and the fleet's
 */
public record DeviceInput(String id, String name, String mac, String host, Integer httpPort, String credentialName,
                          String site, String rack, Duration pollInterval, DriftPolicy driftPolicy,
                          Map<String, String> settings) {
}
