package io.fosfleet.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;

/** Runs this process's one {@link Gateway} replica from the application configuration for as long as Quarkus runs. */
@ApplicationScoped
public class GatewayLifecycle {

    private final Gateway gateway;

    public GatewayLifecycle(GatewayConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
                            MeterRegistry registry) {
        this.gateway = Gateway.start(config, kafka, registry, Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent event) {
        // observing the start-up makes the gateway start with the application, not at its first use
    }

    void onStop(@Observes ShutdownEvent event) {
        gateway.close();
    }

    @Produces
    @Singleton
    Gateway gateway() {
        return gateway;
    }
}
