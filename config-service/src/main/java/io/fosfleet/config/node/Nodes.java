package io.fosfleet.config.node;

import io.fosfleet.events.EventJson;
import io.fosfleet.events.Probe;
import java.util.Arrays;
import java.util.List;

/** Reads a node's stored probes, kept in the JSON form they are published in. */
public final class Nodes {

    private Nodes() {
    }

    public static List<Probe> probes(NodeEntity node) {
        return Arrays.asList(EventJson.fromJson(node.probes, Probe[].class));
    }
}
