package io.fosfleet.config.node;

import io.fosfleet.events.PairConfig.ProbeCombination;
import io.fosfleet.events.Probe;
import java.time.Instant;
import java.util.List;

/** A node as the API shows it, with the pairs it takes part in. */
public record NodeView(String id, String name, String host, List<Probe> probes, ProbeCombination probeCombination,
                       List<String> pairIds, long version, Instant createdAt, Instant updatedAt) {
}
