package io.fosfleet.alert.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named receiver from the routing file: one channel (syslog, mail, webhook or Alertmanager) or none, which
 * discards what reaches it (like an Alertmanager receiver without configurations).
 *
 * @param maxAttempts the retry budget for this receiver; empty for the service default
 */
public record ReceiverSpec(String name, Optional<Channel> channel, Optional<Integer> maxAttempts) {

    /** How a receiver is reached. */
    public sealed interface Channel permits Syslog, Mail, Webhook, Alertmanager {
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

    /**
     * A Prometheus Alertmanager (API v2): every alert of a notification is posted to {@code url/api/v2/alerts}, and
     * alerts still firing are posted again every {@code resendInterval} so Alertmanager keeps them active.
     *
     * @param url            the Alertmanager's base URL (with its route prefix, if any), without a trailing slash
     * @param auth           basic or bearer authentication; the secret is read when sending, never kept in here
     * @param labels         fixed labels added to every alert (e.g. {@code env: prod})
     * @param consoleUrl     the NOC console's base URL ({@code https://fosfleet.example.com/console}): each alert's
     *                       {@code generatorURL} links to its pair's page there
     */
    public record Alertmanager(URI url, Optional<Auth> auth, Duration timeout, Duration resendInterval,
                               Map<String, String> labels, Optional<URI> consoleUrl) implements Channel {
        public Alertmanager {
            labels = Map.copyOf(labels);
        }

        /** How long a posted firing alert stays active in Alertmanager without being posted again. */
        public Duration validFor() {
            return resendInterval.multipliedBy(4);
        }
    }

    /** Authentication towards a receiver. */
    public sealed interface Auth permits BasicAuth, BearerAuth {
    }

    /** HTTP basic authentication; the password comes from {@code password}. */
    public record BasicAuth(String username, Secret password) implements Auth {
    }

    /** {@code Authorization: Bearer <token>}. */
    public record BearerAuth(Secret token) implements Auth {
    }

    /**
     * Where a secret is read from when it is needed: an environment variable or a file (a mounted Kubernetes secret).
     * Only the name of the variable or the path of the file is kept and shown, never the secret.
     */
    public record Secret(Optional<String> env, Optional<java.nio.file.Path> file) {

        /** A secret file is a password or a token: anything longer is the wrong file. */
        public static final int MAX_FILE = 4096;

        /** The secret, read now; an exception naming where it was looked for (never the secret) when it is missing. */
        public String read() throws java.io.IOException {
            if (env.isPresent()) {
                String value = System.getenv(env.get());
                if (value == null || value.isBlank()) {
                    throw new java.io.IOException("environment variable " + env.get() + " is not set");
                }
                return value;
            }
            java.nio.file.Path path = file.orElseThrow();
            String value;
            try {
                if (java.nio.file.Files.size(path) > MAX_FILE) {
                    throw new java.io.IOException("the secret file " + path + " is larger than " + MAX_FILE + " bytes");
                }
                value = java.nio.file.Files.readString(path).strip();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new java.io.IOException("the secret file " + path + " does not exist");
            } catch (java.nio.file.AccessDeniedException e) {
                throw new java.io.IOException("the secret file " + path + " cannot be read (permission denied)");
            } catch (java.nio.charset.CharacterCodingException | java.io.UncheckedIOException e) {
                throw new java.io.IOException("the secret file " + path + " is not UTF-8 text");
            }
            if (value.isEmpty()) {
                throw new java.io.IOException("the secret file " + path + " is empty");
            }
            return value;
        }

        /** Where it comes from, for messages: {@code environment variable AM_PASSWORD} or {@code file /run/am}. */
        public String origin() {
            return env.map(e -> "environment variable " + e).orElseGet(() -> "file " + file.orElseThrow());
        }
    }
}
