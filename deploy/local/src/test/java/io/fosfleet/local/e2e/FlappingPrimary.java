package io.fosfleet.local.e2e;

import io.fosfleet.local.DemoDatacenter;
import io.fosfleet.simulator.PbxNode;
import org.assertj.core.api.SoftAssertions;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fosfleet.local.e2e.KafkaTap.event;
import static io.fosfleet.local.e2e.Observe.STEP;
import static io.fosfleet.local.e2e.Observe.mailsAbout;
import static io.fosfleet.local.e2e.Observe.syslogAbout;
import static io.fosfleet.local.e2e.Observe.syslogShort;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: a flapping primary, one of {@link NotificationsIT}'s scenarios (run at the same time as the others, on a
 * pair of its own). The primary PBX of {@link FosfleetSystem#FLAP_PAIR} (MANUAL, 20 s watchdog) goes down for 2 s and
 * comes back, again and again, each time long before its watchdog runs out, so the lines never move. alert-service
 * here counts a condition as flapping at 13 changes within 10 min (the seventh "primary down") and as stable again
 * after {@link FosfleetSystem#FLAP_STABLE_AFTER} without one. What the NOC must read: the primary's first downs and
 * ups as alert-service grouped them, then ONE "flapping" notice in place of the seventh down, nothing more about the
 * primary however often it goes down and up, then ONE "stable again" notice naming its last state (up) — and never a
 * failover, never a "primary down" left standing. Flapping is a warning: syslog only, no mail.
 */
final class FlappingPrimary {

    /** The seventh "primary down" crosses the threshold (13 changes); the eighth is held back. */
    private static final int CYCLES = 8;
    private static final Duration DOWN = Duration.ofSeconds(2);

    private FlappingPrimary() {
    }

    /** Makes the primary flap, then waits for the flapping notice and for "stable again". */
    static void run(FosfleetSystem system, DemoDatacenter.Pair p, KafkaTap heartbeats) throws Exception {
        String device = p.deviceId();
        PbxNode primary = system.node(p.primary().id());
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int n = cycle;
            primary.stop();
            await("primary down #" + n).atMost(STEP).pollInterval(Duration.ofMillis(50))
                    .until(() -> heartbeats.values(event("PRIMARY_DOWN", device)).size() >= n);
            // down for longer than the group wait (1 s)
            Thread.sleep(DOWN.toMillis());
            primary.start();
            await("primary up #" + n).atMost(STEP).pollInterval(Duration.ofMillis(50))
                    .until(() -> heartbeats.values(event("PRIMARY_UP", device)).size() >= n);
            // kicked again before the next down: the watchdog never runs out
            await("kicking again #" + n).atMost(STEP).pollInterval(Duration.ofMillis(100))
                    .until(() -> "KICKING".equals(Observe.pairState(device)));
            Thread.sleep(500);
        }
        // the flapping notice is out; the quiet time runs from the last change
        await("flapping notified for " + p.id()).atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> syslogShort(p.id()).stream().anyMatch(l -> l.startsWith("firing Flapping")));
        await("stable again notified for " + p.id())
                .atMost(FosfleetSystem.FLAP_STABLE_AFTER.plus(STEP)).pollInterval(Duration.ofMillis(200))
                .until(() -> syslogShort(p.id()).stream().anyMatch(l -> l.startsWith("resolved Flapping")));
    }

    /** What the NOC and a subscriber saw of it, checked once the notifications have settled. */
    static void check(SoftAssertions soft, FosfleetSystem system, DemoDatacenter.Pair p, KafkaTap heartbeats,
                      KafkaTap deviceEvents) {
        String device = p.deviceId();
        List<String> lines = syslogShort(p.id());
        List<String> texts = syslogAbout(p.id());
        int flapping = indexOf(lines, "firing Flapping");
        int stable = indexOf(lines, "resolved Flapping");
        // the scenario itself: eight downs and ups, and the lines never moved
        soft.assertThat(deviceEvents.values(event("FAILOVER", device))).as("failovers of " + device).isEmpty();
        soft.assertThat(system.device(device).connections()).as("relay of " + device).isEqualTo("A-B");
        // what a subscriber reads: heartbeat-service's event as a CloudEvent (Kafka binding, binary mode)
        KafkaTap.Record down = heartbeats.first(event("PRIMARY_DOWN", device));
        soft.assertThat(down.headers()).as("headers of " + down.value())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", down.value().path("id").asText())
                .containsEntry("ce_type", "io.fosfleet.heartbeat.events.PRIMARY_DOWN")
                .containsEntry("ce_source", "/fosfleet/heartbeat-service")
                .containsEntry("content-type", "application/json")
                .containsKey("ce_time");
        // what the NOC read: the first changes as alert-service grouped them (a down and up that fall into one group
        // wait are one resolution, never a false "firing"), at least one line before the flapping notice
        soft.assertThat(flapping).as("the flapping notice's place in " + lines).isGreaterThan(0);
        soft.assertThat(lines.stream().filter(l -> l.startsWith("firing Flapping")))
                .as("flapping notices in " + lines).hasSize(1);
        soft.assertThat(lines.stream().filter(l -> l.startsWith("resolved Flapping")))
                .as("stable-again notices in " + lines).hasSize(1);
        soft.assertThat(stable).as("stable again is the last word: " + lines).isEqualTo(lines.size() - 1);
        if (flapping < 0 || stable < 0) {
            return;
        }
        soft.assertThat(lines.subList(0, flapping)).as("before the flapping notice: " + lines)
                .allMatch(l -> l.matches("(firing|resolved) PrimaryDown.*"));
        soft.assertThat(lines.subList(flapping + 1, lines.size())).as("after the flapping notice: " + lines)
                .noneMatch(l -> l.contains("PrimaryDown") && !l.contains("PrimaryDown/" + device + ":resolved"))
                .noneMatch(l -> l.startsWith("firing PrimaryDown"));
        soft.assertThat(lastPrimaryDownStatus(lines)).as("the primary's last notified status: " + lines)
                .isEqualTo("resolved");
        soft.assertThat(lines).as("failover notices").noneMatch(l -> l.contains("Failover"));
        soft.assertThat(texts.get(stable)).as("the stable-again text")
                .contains("no state change for " + FosfleetSystem.FLAP_STABLE_AFTER.toSeconds() + " s")
                .contains("last: Primary PBX back");
        soft.assertThat(mailsAbout(p.id())).as("mails about " + p.id())
                .noneMatch(s -> s.contains("Flapping") || s.contains("flapping") || s.contains("Stable"))
                .allMatch(s -> s.contains("Primary PBX"));
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }

    /** The status of PrimaryDown in the last line that names it, lead or in its list. */
    private static String lastPrimaryDownStatus(List<String> lines) {
        Pattern inList = Pattern.compile("PrimaryDown/[^:,\\]]+:(\\w+)");
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            Matcher m = inList.matcher(l);
            if (m.find()) {
                return m.group(1);
            }
            if (l.matches("(firing|resolved) PrimaryDown.*")) {
                return l.substring(0, l.indexOf(' '));
            }
        }
        return "none";
    }
}
