package io.fosfleet.events;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * One health check of a pair's primary node, run by heartbeat-service (or, for PASSIVE, awaited from the node).
 *
 * @param host             the target of an active probe; null for PASSIVE
 * @param port             the target port of an active probe; null for PASSIVE
 * @param path             the HTTP request path; only for HTTP
 * @param expectedStatus   the HTTP status that counts as healthy; null means any 2xx; only for HTTP
 * @param interval         time between two checks; for PASSIVE how often the node pushes a heartbeat
 * @param timeout          how long one check may take; for PASSIVE how long without a heartbeat counts as a failure
 * @param failureThreshold consecutive failures before the primary counts as unhealthy
 * @param successThreshold consecutive successes before an unhealthy primary counts as healthy again
 */
public record Probe(
        Type type,
        String host,
        Integer port,
        String path,
        Integer expectedStatus,
        Duration interval,
        Duration timeout,
        int failureThreshold,
        int successThreshold) {

    public enum Type {
        TCP,
        HTTP,
        SIP_OPTIONS,
        /** Heartbeats the node pushes (REST, gRPC or Kafka). */
        PASSIVE;

        private static final Set<Type> ACTIVE = EnumSet.of(TCP, HTTP, SIP_OPTIONS);

        /** Whether heartbeat-service connects to the node itself, and so needs a host and port. */
        public boolean active() {
            return ACTIVE.contains(this);
        }
    }

    public Probe {
        Fields.required(type, "type");
        Fields.length(host, "host", Limits.HOST);
        Fields.length(path, "path", Limits.PATH);
        if (type.active()) {
            Fields.text(host, "host", Limits.HOST);
            Fields.port(Fields.required(port, "port"), "port");
        }
        if (type == Type.HTTP && !Fields.text(path, "path", Limits.PATH).startsWith("/")) {
            throw new InvalidFieldException("path", "\"" + path + "\" must start with '/'");
        }
        if (expectedStatus != null && (expectedStatus < 100 || expectedStatus > 599)) {
            throw new InvalidFieldException("expectedStatus", "is " + expectedStatus + ", allowed 100..599");
        }
        Fields.positive(interval, "interval");
        Fields.positive(timeout, "timeout");
        Fields.atLeastOne(failureThreshold, "failureThreshold");
        Fields.atLeastOne(successThreshold, "successThreshold");
    }
}
