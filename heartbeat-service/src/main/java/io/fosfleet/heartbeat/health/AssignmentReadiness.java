package io.fosfleet.heartbeat.health;

import io.fosfleet.heartbeat.HeartbeatService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the consumer group has answered and every assigned partition of fos.config is read to its end. */
@Readiness
@ApplicationScoped
public class AssignmentReadiness implements HealthCheck {

    private final HeartbeatService service;

    public AssignmentReadiness(HeartbeatService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fos.config-assignment").status(service.ready())
                .withData("replica", service.replicaId())
                .withData("pairsOwned", service.pairs() == null ? 0 : service.pairs().owned())
                .withData("kafkaReachable", service.kafkaReachable())
                .build();
    }
}
