package io.fosfleet.heartbeat.health;

import io.fosfleet.heartbeat.HeartbeatService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the kick timer runs. Kafka is deliberately not part of it: a replica without Kafka keeps kicking, and a
 * restart would stop that.
 */
@Liveness
@ApplicationScoped
public class KickTimerLiveness implements HealthCheck {

    private final HeartbeatService service;

    public KickTimerLiveness(HeartbeatService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kick-timer").status(service.kickTimerAlive()).build();
    }
}
