package io.fosfleet.alert.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of the routing tree, settings already inherited from its parent. An alert enters at the root and descends
 * into the first child whose matchers all match, and on into later siblings too while a matching child says
 * {@code continue}; a node none of whose children match takes the alert itself.
 *
 * @param path the position in the tree ({@code 0.2.1}), part of every group key
 */
public record Route(String path, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
                    Duration groupInterval, Duration repeatInterval, boolean continueMatching, List<Route> routes) {

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The nodes that take an alert with these labels, in tree order; the root always matches. */
    public List<Route> match(Map<String, String> labels) {
        List<Route> result = new ArrayList<>();
        collect(labels, result);
        return result;
    }

    private boolean collect(Map<String, String> labels, List<Route> result) {
        if (!matchers.stream().allMatch(m -> m.matches(labels))) {
            return false;
        }
        boolean taken = false;
        for (Route child : routes) {
            if (child.collect(labels, result)) {
                taken = true;
                if (!child.continueMatching) {
                    break;
                }
            }
        }
        if (!taken) {
            result.add(this);
        }
        return true;
    }
}
