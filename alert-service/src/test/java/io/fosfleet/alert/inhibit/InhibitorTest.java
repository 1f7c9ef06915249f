package io.fosfleet.alert.inhibit;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.alert.event.Condition;
import io.fosfleet.alert.grouping.Grouper;
import io.fosfleet.alert.routing.InhibitRule;
import io.fosfleet.alert.routing.Matcher;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.Route;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.PairConfig.FailoverPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InhibitorTest {

    private static final Instant T = Instant.parse("2026-11-27T03:00:00Z");
    private static final List<InhibitRule> DEFAULTS = InhibitRule.DEFAULTS;
    private final Inhibitor inhibitor = new Inhibitor();

    @Test
    void aFiringFailoverHoldsBackItsOwnPairsPrimaryDownAndKickFailureOnly() {
        inhibitor.observe(device(DeviceEvent.Type.FAILOVER, "fos-7", "pbx-a"));

        assertThat(inhibitor.inhibitedBy(heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-7", "pbx-a"), DEFAULTS))
                .contains("Failover/fos-7");
        assertThat(inhibitor.inhibitedBy(heartbeat(HeartbeatEvent.Type.WDOG_FAILED, "fos-7", "pbx-a"), DEFAULTS))
                .isPresent();
        // equal: [pair] — another pair's PrimaryDown goes out
        assertThat(inhibitor.inhibitedBy(heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-8", "pbx-b"), DEFAULTS))
                .isEmpty();
        // not a target
        assertThat(inhibitor.inhibitedBy(device(DeviceEvent.Type.DRIFT_DETECTED, "fos-7", "pbx-a"), DEFAULTS)).isEmpty();
    }

    @Test
    void resolutionsAreNeverHeldBackAndAResolvedSourceInhibitsNothing() {
        inhibitor.observe(device(DeviceEvent.Type.FAILOVER, "fos-7", "pbx-a"));
        assertThat(inhibitor.inhibitedBy(heartbeat(HeartbeatEvent.Type.PRIMARY_UP, "fos-7", "pbx-a"), DEFAULTS)).isEmpty();

        inhibitor.observe(device(DeviceEvent.Type.REARMED, "fos-7", "pbx-a"));
        assertThat(inhibitor.inhibitedBy(heartbeat(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-7", "pbx-a"), DEFAULTS)).isEmpty();
    }

    @Test
    void anUnreachableDeviceHoldsBackItsOtherAlertsButNotItsOwnResolutionOrOtherDevices() {
        inhibitor.observe(device(DeviceEvent.Type.UNREACHABLE, "fos-7", "pbx-a"));

        assertThat(inhibitor.unreachable()).containsExactly(DeviceId.of("fos-7"));
        assertThat(inhibitor.inhibitedBy(device(DeviceEvent.Type.FAILOVER, "fos-7", "pbx-a"), DEFAULTS)).isPresent();
        assertThat(inhibitor.inhibitedBy(heartbeat(HeartbeatEvent.Type.WDOG_FAILED, "fos-7", "pbx-a"), DEFAULTS)).isPresent();
        assertThat(inhibitor.inhibitedBy(device(DeviceEvent.Type.UNREACHABLE, "fos-7", "pbx-a"), DEFAULTS)).isEmpty();
        assertThat(inhibitor.inhibitedBy(device(DeviceEvent.Type.FAILOVER, "fos-8", "pbx-b"), DEFAULTS)).isEmpty();
    }

    @Test
    void equalLabelsMissingOnBothSidesCountAsEqualAsInAlertmanager() {
        var rule = List.of(new InhibitRule(List.of(Matcher.parse("alertname=\"ConfigDrift\"")),
                List.of(Matcher.parse("alertname=\"DevicePowerUp\"")), List.of("site")));
        inhibitor.observe(AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.DRIFT_DETECTED, DeviceId.of("a"), T,
                "device-gateway", null, Map.of(), "drift"), Placement.UNKNOWN));
        AlertEvent powerUpNoSite = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.POWER_UP, DeviceId.of("b"), T,
                "device-gateway", 0, Map.of(), "up"), Placement.UNKNOWN);
        AlertEvent powerUpFra = device(DeviceEvent.Type.POWER_UP, "c", "pbx-c");
        assertThat(inhibitor.inhibitedBy(powerUpNoSite, rule)).isPresent();
        assertThat(inhibitor.inhibitedBy(powerUpFra, rule)).isEmpty();
        assertThat(inhibitor.inhibitedBy(powerUpFra, List.of())).isEmpty();
    }

    @Test
    void anAlertMatchingSourceAndTargetDoesNotInhibitItself() {
        var rule = List.of(new InhibitRule(List.of(Matcher.parse("severity=\"critical\"")),
                List.of(Matcher.parse("severity=\"critical\"")), List.of("device")));
        AlertEvent failover = device(DeviceEvent.Type.FAILOVER, "fos-7", "pbx-a");
        inhibitor.observe(failover);
        assertThat(inhibitor.inhibitedBy(failover, rule)).isEmpty();
    }

    @Test
    void theWatchdogFailoverAfterAFastFailoverIsTheSameAlertAndNotNotifiedAgain() {
        FastFailover fast = new FastFailover();
        Placement p = new Placement("pbx-a", "fra1", "r7", false, FailoverPolicy.AUTO, true);
        AlertEvent down = AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, DeviceId.of("fos-7"),
                "pbx-a", T, "heartbeat-service", "down", Map.of()), p);
        AlertEvent relay = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, DeviceId.of("fos-7"),
                T.plusMillis(200), "device-gateway", 10, Map.of("mode", "0"), "relay A-D"), p);
        AlertEvent watchdog = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.FAILOVER, DeviceId.of("fos-7"),
                T.plusSeconds(5), "device-gateway", 42, Map.of(), "watchdog ran out"), p);
        inhibitor.observe(down);
        assertThat(fast.derive(down, inhibitor)).isEmpty();
        inhibitor.observe(relay);
        Optional<AlertEvent> failover = fast.derive(relay, inhibitor);
        assertThat(failover).isPresent();
        assertThat(failover.get().condition()).isEqualTo(Condition.FAST_FAILOVER);
        assertThat(failover.get().conditionKey()).isEqualTo(watchdog.conditionKey());
        inhibitor.observe(failover.get());
        assertThat(inhibitor.inhibitedBy(down, DEFAULTS)).contains("Failover/fos-7");

        // the Failover goes out once; the watchdog's FAILOVER seconds later is a repeat of the same alert
        Grouper grouper = new Grouper(() -> { });
        Route route = new Route("0", List.of(), "log", List.of("pair"), Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofHours(4), false, List.of());
        ReceiverSpec log = new ReceiverSpec("log", Optional.empty(), Optional.empty());
        grouper.add(route, log, failover.get(), () -> { }, T);
        assertThat(grouper.due(T.plusSeconds(1))).hasSize(1);
        inhibitor.observe(watchdog);
        assertThat(fast.derive(watchdog, inhibitor)).isEmpty();
        grouper.add(route, log, watchdog, () -> { }, T.plusSeconds(5));
        assertThat(grouper.due(T.plusSeconds(20))).isEmpty();
    }

    @Test
    void aFastFailoverEndedBeforeTheWatchdogRanOutResolvesTheFailover() {
        FastFailover fast = new FastFailover();
        Placement p = new Placement("pbx-a", "fra1", "r7", false, FailoverPolicy.AUTO, true);
        inhibitor.observe(AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, DeviceId.of("fos-7"),
                "pbx-a", T, "heartbeat-service", "down", Map.of()), p));
        AlertEvent toD = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, DeviceId.of("fos-7"), T,
                "device-gateway", 10, Map.of("mode", "0"), "relay A-D"), p);
        inhibitor.observe(fast.derive(toD, inhibitor).orElseThrow());
        AlertEvent toB = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, DeviceId.of("fos-7"),
                T.plusSeconds(2), "device-gateway", 11, Map.of("mode", "1"), "relay A-B"), p);
        assertThat(fast.derive(toB, inhibitor).orElseThrow().condition()).isEqualTo(Condition.FAST_FAILOVER_ENDED);
    }

    @Test
    void aRelaySwitchWithoutAPrimaryDownOrOnAPairWithoutFastFailoverIsNoFailover() {
        FastFailover fast = new FastFailover();
        Placement fastPair = new Placement("pbx-a", "fra1", "r7", false, FailoverPolicy.AUTO, true);
        Placement slowPair = new Placement("pbx-a", "fra1", "r7", false, FailoverPolicy.AUTO, false);
        AlertEvent operator = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, DeviceId.of("fos-7"), T,
                "device-gateway", 10, Map.of("mode", "0"), "relay A-D"), fastPair);
        assertThat(fast.derive(operator, inhibitor)).isEmpty();
        inhibitor.observe(AlertEvent.of(HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, DeviceId.of("fos-7"),
                "pbx-a", T, "heartbeat-service", "down", Map.of()), slowPair));
        AlertEvent slow = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, DeviceId.of("fos-7"), T,
                "device-gateway", 10, Map.of("mode", "0"), "relay A-D"), slowPair);
        assertThat(fast.derive(slow, inhibitor)).isEmpty();
    }

    private static AlertEvent device(DeviceEvent.Type type, String device, String pair) {
        Integer code = type == DeviceEvent.Type.FAILOVER ? 42 : null;
        return AlertEvent.of(DeviceEvent.create(type, DeviceId.of(device), T, "device-gateway", code, Map.of(),
                type.name()), new Placement(pair, "fra1", "r7", false));
    }

    private static AlertEvent heartbeat(HeartbeatEvent.Type type, String device, String pair) {
        return AlertEvent.of(HeartbeatEvent.create(type, DeviceId.of(device), pair, T, "heartbeat-service", type.name(),
                Map.of()), new Placement(pair, "fra1", "r7", false));
    }
}
