package io.fosfleet.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All of device-gateway's own configuration (prefix {@code fosfleet.gateway}); Kafka connection settings stay under
 * {@code kafka.*}.
 */
@ConfigMapping(prefix = "fosfleet.gateway")
public interface GatewayConfig {

    /** The {@code source} written into every published record. */
    @WithDefault("device-gateway")
    String source();

    Kafka kafka();

    Poll poll();

    Syslog syslog();

    Gbl4 gbl4();

    Commands commands();

    Reconcile reconcile();

    Discovery discovery();

    /**
     * Device logins by credential name, as {@code DeviceConfig.credentialName} refers to them; set them from the
     * environment or a mounted secret, never in a file under version control.
     */
    Map<String, Credential> credentials();

    /** One device login; the password is never logged, published or shown. */
    interface Credential {

        @WithDefault("admin")
        String user();

        String password();

        /**
         * Where the password may be sent: IPv4 ranges ({@code 10.1.7.0/24}), addresses and device ids, comma
         * separated. Without it the credential is sent to no device.
         */
        Optional<List<String>> allowed();
    }

    interface Kafka {

        /** The consumer group of all gateway replicas; they share the fleet through it. */
        @WithDefault("device-gateway")
        String groupId();

        /** Create missing fosfleet topics at start-up (with {@link #partitions()} partitions). */
        @WithDefault("true")
        boolean createTopics();

        /** Partitions of topics the gateway creates; config, commands, state and results must have equal counts. */
        @WithDefault("12")
        int partitions();

        /** How far back the command-results history is read on assignment, to recognise commands already run. */
        @WithDefault("1h")
        Duration commandHistory();
    }

    interface Poll {

        /** Time limit of one HTTP request to a device. */
        @WithDefault("3s")
        Duration timeout();

        /** Consecutive failed polls after which a device is reported unreachable. */
        @WithDefault("3")
        int unreachableAfter();

        /** Longest wait between polls of a device that rejects our credentials (the wait doubles up to it). */
        @WithDefault("60s")
        Duration authBackoffMax();
    }

    interface Syslog {

        /**
         * Address the syslog receiver binds to: the gateway's address on the device network, so that no other network
         * can reach it (0.0.0.0, every address, only where the pod's network admits nothing else).
         */
        @WithDefault("0.0.0.0")
        String host();

        /**
         * Shortest time between two polls of one device that its syslog messages trigger: a burst of messages (or of
         * forged ones) costs one poll at once and at most one more after this time.
         */
        @WithDefault("250ms")
        Duration minPollInterval();

        /** UDP port the devices send syslog to (their slgpt); 0 picks a free one. */
        @WithDefault("5514")
        int port();
    }

    interface Gbl4 {

        /** The devices' GBL4 port. */
        @WithDefault("50123")
        int port();

        /** How long a GBL4 request (kick, ping, netconf) waits for the reply. */
        @WithDefault("3s")
        Duration timeout();

        /** How long a factory reset waits for the reply (the reference tool: 8 s). */
        @WithDefault("8s")
        Duration resetTimeout();
    }

    interface Commands {

        /** Time limit of one command once it has started. */
        @WithDefault("15s")
        Duration timeout();

        /** Time limit of a firmware flash. */
        @WithDefault("5m")
        Duration flashTimeout();

        /** How many command ids are remembered to run each at most once. */
        @WithDefault("100000")
        int remembered();

        /** Directory holding firmware images; FLASH names a file in it. Without it FLASH is refused. */
        Optional<Path> firmwareDir();
    }

    interface Reconcile {

        /** Wait before applying desired settings again after an attempt failed. */
        @WithDefault("30s")
        Duration retry();
    }

    interface Discovery {

        /** How long a scan collects replies. */
        @WithDefault("3s")
        Duration timeout();

        /** Largest address range one SCAN may cover. */
        @WithDefault("1024")
        int maxHosts();
    }
}
