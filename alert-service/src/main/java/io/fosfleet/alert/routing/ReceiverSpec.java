package io.fosfleet.alert.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A named receiver from the routing file: one channel (syslog, mail or webhook) or none, which discards what reaches
 * it (like an Alertmanager receiver without configurations).
 *
 * @param maxAttempts the retry budget for this receiver; empty for the service default
 */
public record ReceiverSpec(String name, Optional<Channel> channel, Optional<Integer> maxAttempts) {

    /** How a receiver is reached. */
    public sealed interface Channel permits Syslog, Mail, Webhook {
    }

    /**
     * Syslog over UDP or TCP (octet-counted framing, RFC 6587), as RFC 5424 or RFC 3164.
     *
     * @param severity a fixed syslog severity (0-7) for every message; empty to derive it from the alert
     */
    public record Syslog(String host, int port, Transport transport, Format format, int facility,
                         Optional<Integer> severity, String appName) implements Channel {
        public enum Transport { UDP, TCP }

        public enum Format { RFC5424, RFC3164 }
    }

    /** Mail over the service's SMTP server to these recipients. */
    public record Mail(List<String> to, Optional<String> from) implements Channel {
        public Mail {
            to = List.copyOf(to);
        }
    }

    /**
     * A JSON POST; {@code tokenEnv} names the environment variable holding a bearer token, so the token itself is
     * never in the file.
     */
    public record Webhook(URI url, Optional<String> tokenEnv, Duration timeout) implements Channel {
    }
}
