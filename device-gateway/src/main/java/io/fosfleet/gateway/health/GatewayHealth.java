package io.fosfleet.gateway.health;

import io.fosfleet.gateway.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health of the gateway replica: ready once it owns its partitions and has read their fleet, live while its consumer runs. */
public final class GatewayHealth {

    private GatewayHealth() {
    }

    /** Ready: connected to Kafka, partitions assigned, their configuration read. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        private final Gateway gateway;

        public Ready(Gateway gateway) {
            this.gateway = gateway;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("fleet").status(gateway.ready())
                    .withData("devices", gateway.devices().size()).build();
        }
    }

    /** Live: the fleet consumer and the device loop run. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {

        private final Gateway gateway;

        public Live(Gateway gateway) {
            this.gateway = gateway;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("gateway").status(gateway.alive()).build();
        }
    }
}
