package io.fosfleet.heartbeat;

import io.fosfleet.testing.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The shared in-process broker with fosfleet's topics created, and short handover timings and kick-summary refreshes for quick tests. */
public final class HeartbeatTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.shared();
        Topics.create(broker.bootstrapServers());
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "fosfleet.heartbeat.handover-grace", "1s", "fosfleet.heartbeat.kick-summary-refresh", "2s");
    }

    @Override
    public void stop() {
        // The broker outlives the resource; it stops with the JVM.
    }
}
