package io.fosfleet.config.device;

import io.fosfleet.config.settings.SettingsService;
import io.fosfleet.events.DeviceConfig.DriftPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A registered device as the API shows it: its registration, its own settings, and what it is told after the site's
 * and fleet's settings are applied (with where each value comes from). Never a password: only the credential's name.
 */
public record DeviceView(String id, String name, String mac, String host, int httpPort, String credentialName,
                         String site, String rack, Duration pollInterval, DriftPolicy driftPolicy,
                         Map<String, String> settings, Map<String, SettingsService.Effective> effectiveSettings,
                         DriftPolicy effectiveDriftPolicy, String pairId, long version, Instant createdAt,
                         Instant updatedAt) {
}
