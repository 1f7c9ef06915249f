package io.fosfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code fosfleet.config.*} setting of config-service, described in the module README. */
@ConfigMapping(prefix = "fosfleet.config")
public interface ConfigServiceConfig {

    Auth auth();

    Devices devices();

    Outbox outbox();

    Commands commands();

    History history();

    Kafka kafka();

    @WithName("alert-service")
    AlertService alertService();

    /** Bearer-token settings beyond the standard {@code mp.jwt.*} verification keys. */
    interface Auth {
        /** Whether POST /api/auth/token issues tokens for the documented demo users; never in production. */
        @WithName("demo-users")
        @WithDefault("false")
        boolean demoUsers();

        @WithName("token-lifetime")
        @WithDefault("PT8H")
        Duration tokenLifetime();

        /**
         * How long a PBX node's heartbeat token (POST /api/nodes/{id}/token) is valid: long, since it sits on the node,
         * but finite, so a leaked one stops working; issue a new one before it runs out.
         */
        @WithName("node-token-lifetime")
        @WithDefault("P90D")
        Duration nodeTokenLifetime();

        /** How failed sign-ins (API token endpoint and console form alike) are slowed and locked out. */
        Throttle throttle();
    }

    /**
     * Failed sign-ins are counted per user name and per source address; past {@code free-failures} each further
     * attempt waits {@code base-delay}, doubling per failure up to {@code max-delay}; at {@code lockout-failures} the
     * user or source is locked out for {@code lockout}. Failures older than {@code lockout} are forgotten.
     */
    interface Throttle {
        @WithName("free-failures")
        @WithDefault("5")
        int freeFailures();

        @WithName("base-delay")
        @WithDefault("PT1S")
        Duration baseDelay();

        @WithName("max-delay")
        @WithDefault("PT1M")
        Duration maxDelay();

        @WithName("lockout-failures")
        @WithDefault("20")
        int lockoutFailures();

        @WithDefault("PT15M")
        Duration lockout();

        /** Users and sources remembered at most; the least recently seen are forgotten first (bounded memory). */
        @WithName("max-tracked")
        @WithDefault("10000")
        int maxTracked();

        /** Besides one audit entry per lockout, one entry per this many failed sign-ins (not one per failure). */
        @WithName("audit-every")
        @WithDefault("100")
        int auditEvery();

        /**
         * Addresses of reverse proxies whose {@code X-Forwarded-For} names the real source; none by default, so the
         * source is the connection's remote address and a client cannot pick its own.
         */
        @WithName("trusted-proxies")
        Optional<List<String>> trustedProxies();
    }

    interface Devices {
        /** How often device-gateway polls a device whose registration does not say. */
        @WithName("default-poll-interval")
        @WithDefault("PT10S")
        Duration defaultPollInterval();
    }

    interface Outbox {
        /** Off only to hold records back on purpose (the crash test does, to kill the service before publishing). */
        @WithName("relay-enabled")
        @WithDefault("true")
        boolean relayEnabled();

        /** The longest a saved record waits for the relay when no commit woke it up (another replica's commit). */
        @WithName("poll-interval")
        @WithDefault("PT1S")
        Duration pollInterval();

        @WithName("batch-size")
        @WithDefault("200")
        int batchSize();
    }

    interface Commands {
        /** After this the gateway does not start a command any more and answers TIMEOUT. */
        @WithDefault("PT2M")
        Duration deadline();
    }

    interface History {
        /** The event history keeps at most this many events; older ones are pruned. */
        @WithName("max-events")
        @WithDefault("100000")
        int maxEvents();

        @WithName("prune-interval")
        @WithDefault("PT1M")
        Duration pruneInterval();
    }

    interface Kafka {
        @WithName("group-id")
        @WithDefault("config-service")
        String groupId();
    }

    /** Where the console's alerts page reads notifications and silences. */
    interface AlertService {
        @WithDefault("http://localhost:8083")
        String url();

        /** The longest the alerts page waits for alert-service before it says it is unreachable. */
        @WithDefault("PT3S")
        Duration timeout();
    }
}
