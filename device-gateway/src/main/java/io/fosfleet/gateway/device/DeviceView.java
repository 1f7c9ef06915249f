package io.fosfleet.gateway.device;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the gateway knows about one device it owns, for the read-only REST view; never a password.
 *
 * @param values       the last known value of every readable key by bnfos keyword
 * @param lastPollAt   when the last poll finished, successful or not; null before the first
 * @param lastPollMs   how long the last successful poll took
 * @param lastError    why the last poll failed; null when it succeeded
 * @param failedPolls  consecutive failed polls
 * @param syslogPolls  polls the device's syslog messages triggered (a burst of messages triggers few)
 * @param drift        desired settings the device does not have, keyword to "desired → actual"
 */
public record DeviceView(String deviceId, String name, String host, int httpPort, String mac, int partition,
                         String credentialName, Duration pollInterval, String driftPolicy, boolean reachable,
                         boolean devmode, Instant observedAt, Instant lastPollAt, Long lastPollMs, String lastError,
                         int failedPolls, long syslogPolls, Map<String, String> values, Map<String, String> drift) {
}
