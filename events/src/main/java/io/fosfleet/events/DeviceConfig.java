package io.fosfleet.events;

import java.time.Duration;
import java.util.Map;

/**
 * The desired configuration of one device as config-service publishes it: where to reach it, how to log in, how often
 * to poll, and the settings it should have.
 *
 * @param mac            the device's MAC address as {@code XX:XX:XX:XX:XX:XX}; GBL4 requests name it
 * @param credentialName the name of the secret holding the admin password, resolved by each service from its own
 *                       secret store (passwords never travel on Kafka); null when the device has no password
 * @param site           site label for routing and grouping, may be null
 * @param rack           rack label, may be null
 * @param desired        desired settings by bnfos keyword ({@code modedef}, {@code wdogitime}, …) with their values as
 *                       text; the admin password ({@code apwd}) is refused
 * @param driftPolicy    what device-gateway does when the device differs from {@code desired}
 */
public record DeviceConfig(
        DeviceId deviceId,
        String name,
        String mac,
        String host,
        int httpPort,
        String credentialName,
        String site,
        String rack,
        Duration pollInterval,
        Map<String, String> desired,
        DriftPolicy driftPolicy) {

    /** The keyword of the admin password, which must never be published. */
    private static final String SECRET_KEYWORD = "apwd";

    public enum DriftPolicy {
        /** Write the desired value back to the device, then report CONFIG_APPLIED. */
        ENFORCE,
        /** Only report DRIFT_DETECTED. */
        REPORT
    }

    public DeviceConfig {
        Fields.required(deviceId, "deviceId");
        Fields.text(name, "name", Limits.NAME);
        Fields.text(mac, "mac", Limits.MAC);
        Fields.text(host, "host", Limits.HOST);
        Fields.port(httpPort, "httpPort");
        Fields.optionalText(credentialName, "credentialName", Limits.NAME);
        Fields.optionalText(site, "site", Limits.NAME);
        Fields.optionalText(rack, "rack", Limits.NAME);
        Fields.positive(pollInterval, "pollInterval");
        desired = Fields.map(desired, "desired");
        if (desired.containsKey(SECRET_KEYWORD)) {
            throw new InvalidFieldException("desired", "contains the admin password (" + SECRET_KEYWORD
                    + "); passwords never travel on Kafka, refer to it with credentialName");
        }
        Fields.required(driftPolicy, "driftPolicy");
    }
}
