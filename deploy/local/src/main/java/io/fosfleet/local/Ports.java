package io.fosfleet.local;

import java.util.Map;

/**
 * The fixed ports of a local run, each overridable by an environment variable. They are chosen away from the services'
 * own defaults (8080-8083, 9092, 514, 25), so a local run does not clash with a service or broker started by hand.
 */
public record Ports(int kafka, int configService, int gateway, int heartbeat, int alert, int simulatorControl,
                    int gatewaySyslog, int syslogSink, int smtpSink) {

    /** The ports from {@code env}, defaults where a variable is not set; a value that is not a port is refused. */
    static Ports from(Map<String, String> env) {
        return new Ports(
                port(env, "FOS_KAFKA_PORT", 19092),
                port(env, "FOS_CONFIG_PORT", 18080),
                port(env, "FOS_GATEWAY_PORT", 18081),
                port(env, "FOS_HEARTBEAT_PORT", 18082),
                port(env, "FOS_ALERT_PORT", 18083),
                port(env, "FOS_SIMULATOR_PORT", 18090),
                port(env, "FOS_GATEWAY_SYSLOG_PORT", 15514),
                port(env, "FOS_SYSLOG_PORT", 15515),
                port(env, "FOS_SMTP_PORT", 12525));
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below with what is allowed
        }
        throw new IllegalArgumentException(variable + "=" + value + " is not a port; allowed 1..65535");
    }
}
