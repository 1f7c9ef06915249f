package io.fosfleet.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every setting of alert-service, under {@code fosfleet.alert}; README.md describes each one. */
@ConfigMapping(prefix = "fosfleet.alert")
public interface AlertServiceConfig {

    /** The routing file; without it the built-in default rules apply. */
    Optional<Path> rulesFile();

    @WithDefault("5s")
    Duration rulesReloadInterval();

    /** Shown as HOSTNAME in syslog messages; the machine's name when absent. */
    Optional<String> hostname();

    Kafka kafka();

    Delivery delivery();

    Flapping flapping();

    /**
     * How long a WatchdogKickFailed firing waits for a DeviceUnreachable of the same device before it is notified
     * (which then inhibits it); a WDOG_OK within it drops the firing. Cover device-gateway's detection: its
     * {@code poll.unreachable-after} polls one poll interval apart plus the poll timeout (defaults: 3 x 10 s + 3 s).
     * {@code 0s} notifies kick failures at once.
     */
    Inhibit inhibit();

    interface Inhibit {
        @WithDefault("40s")
        Duration kickFailureGrace();
    }

    Smtp smtp();

    /**
     * Kafka settings beyond {@code kafka.bootstrap.servers}. The topics are those of the catalogue
     * ({@code io.fosfleet.events.Topic}).
     */
    interface Kafka {
        @WithDefault("alert-service")
        String groupId();

        /** How far back fos.alerts is read at start to know what was already delivered. */
        @WithDefault("P2D")
        Duration dedupRetention();
    }

    /** Retries of a notification that could not be delivered. */
    interface Delivery {
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("2m")
        Duration maxBackoff();

        @WithDefault("4")
        int threads();
    }

    /**
     * Many transitions (firing/resolved changes) of one condition — one alert name on one device — within a window
     * make it flapping. The default 5 is reached at the third firing within 10 minutes; one failover and recovery is
     * two transitions of each condition involved.
     */
    interface Flapping {
        @WithDefault("5")
        int threshold();

        @WithDefault("10m")
        Duration window();

        /** Quiet time after which a flapping device counts as stable again. */
        @WithDefault("10m")
        Duration stableAfter();
    }

    /** The mail server. The password is read from configuration (e.g. an environment variable) and never shown. */
    interface Smtp {
        @WithDefault("localhost")
        String host();

        @WithDefault("25")
        int port();

        /**
         * NONE, OPTIONAL (use it when offered) or REQUIRED. When absent: REQUIRED if a username or password is set,
         * OPTIONAL otherwise. With credentials anything but REQUIRED needs {@link #allowPasswordWithoutTls()}.
         */
        Optional<StartTls> starttls();

        Optional<String> username();

        Optional<String> password();

        /**
         * Lets the credentials go to the server without TLS (starttls NONE, or OPTIONAL and not offered, as after a
         * downgrade by someone on the path). Off: with credentials STARTTLS is required, whatever starttls says.
         */
        @WithDefault("false")
        boolean allowPasswordWithoutTls();

        @WithDefault("fosfleet-alerts@localhost")
        String from();

        @WithDefault("20s")
        Duration timeout();

        enum StartTls { NONE, OPTIONAL, REQUIRED }
    }
}
