package io.fosfleet.config.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fosfleet.events.PairConfig.ProbeCombination;
import java.util.List;

/**
 * A node as a client sends it. Each probe has the fields of the events' {@code Probe} (type, host, port, path,
 * expectedStatus, interval, timeout, failureThreshold, successThreshold); an active probe without host probes the
 * node's host.
 *
 * @param probeCombination default ALL
 */
public record NodeInput(String id, String name, String host, List<ObjectNode> probes,
                        ProbeCombination probeCombination) {
}
