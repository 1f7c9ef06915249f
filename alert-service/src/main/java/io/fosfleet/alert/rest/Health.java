package io.fosfleet.alert.rest;

import io.fosfleet.alert.AlertService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Liveness: the event consumer runs. Readiness: state topics read and events being consumed. */
@ApplicationScoped
public class Health {

    @Produces
    @Liveness
    HealthCheck consumerRunning(AlertService service) {
        return () -> HealthCheckResponse.named("alert-consumer").status(service.alive()).build();
    }

    @Produces
    @Readiness
    HealthCheck consuming(AlertService service) {
        return () -> HealthCheckResponse.named("alert-pipeline").status(service.ready()).build();
    }
}
