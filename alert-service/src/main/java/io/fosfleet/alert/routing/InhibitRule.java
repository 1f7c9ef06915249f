package io.fosfleet.alert.routing;

import java.util.List;
import java.util.Map;

/**
 * One of Alertmanager's inhibit rules: while an alert matching all {@code source} matchers fires, alerts matching all
 * {@code target} matchers are not notified, provided both have the same value (both missing counts as the same) for
 * every label in {@code equal}. An alert never inhibits itself.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {

    /**
     * The built-in rules, used when the routing file has no {@code inhibit_rules}: a pair's Failover holds back its
     * PrimaryDown and WatchdogKickFailed; an unreachable device holds back its other alerts.
     */
    public static final List<InhibitRule> DEFAULTS = List.of(
            new InhibitRule(List.of(Matcher.parse("alertname=\"Failover\"")),
                    List.of(Matcher.parse("alertname=~\"PrimaryDown|WatchdogKickFailed\"")), List.of("pair")),
            new InhibitRule(List.of(Matcher.parse("alertname=\"DeviceUnreachable\"")),
                    List.of(Matcher.parse("alertname!~\"DeviceUnreachable|Flapping\"")), List.of("device")));

    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    public boolean isTarget(Map<String, String> labels) {
        return target.stream().allMatch(m -> m.matches(labels));
    }

    public boolean isSource(Map<String, String> labels) {
        return source.stream().allMatch(m -> m.matches(labels));
    }

    /** Whether the two alerts agree on every {@code equal} label. */
    public boolean equalOn(Map<String, String> a, Map<String, String> b) {
        return equal.stream().allMatch(l -> a.getOrDefault(l, "").equals(b.getOrDefault(l, "")));
    }
}
