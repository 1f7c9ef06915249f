package io.fosfleet.heartbeat.probe;

import io.fosfleet.events.PairConfig.ProbeCombination;
import java.util.Collection;

/** What is known of a health source: nothing yet, passing, or failing past its failure threshold. */
public enum Health {
    UNKNOWN,
    UP,
    DOWN;

    /**
     * The primary's health from its probes' verdicts. ALL: down as soon as one probe is down, up once every probe is
     * up. ANY: up as soon as one probe is up, down once every probe is down. Otherwise nothing is known yet.
     */
    public static Health combine(ProbeCombination combination, Collection<Health> verdicts) {
        long up = verdicts.stream().filter(h -> h == UP).count();
        long down = verdicts.stream().filter(h -> h == DOWN).count();
        return switch (combination) {
            case ALL -> down > 0 ? DOWN : up == verdicts.size() ? UP : UNKNOWN;
            case ANY -> up > 0 ? UP : down == verdicts.size() ? DOWN : UNKNOWN;
        };
    }
}
