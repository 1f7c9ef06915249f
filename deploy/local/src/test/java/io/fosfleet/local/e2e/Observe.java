package io.fosfleet.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fosfleet.local.DemoDatacenter;
import io.fosfleet.local.Launch;
import io.fosfleet.simulator.DeviceStatus;
import io.fosfleet.testing.sinks.SmtpSink;
import io.fosfleet.testing.sinks.SyslogListener;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the end-to-end tests look at and do again and again, on the one {@link FosfleetSystem}. */
final class Observe {

    static final Duration STEP = Duration.ofSeconds(30);
    /**
     * Longer than alert-service's group interval in the local routing (10 s) with room for a loaded machine: a
     * notification not sent by then is not coming.
     */
    static final Duration SETTLE = Duration.ofSeconds(12);

    private Observe() {
    }

    static FosfleetSystem system() {
        return FosfleetSystem.get();
    }

    /** Waits (polling every 50 ms) until the simulated device shows {@code condition}; returns what it showed. */
    static DeviceStatus awaitStatus(String deviceId, Predicate<DeviceStatus> condition) {
        return await(deviceId).atMost(STEP).pollInterval(Duration.ofMillis(50))
                .until(() -> system().device(deviceId), condition::test);
    }

    /** The pair's state at the heartbeat-service replica that owns it ({@code KICKING}, ...), or null. */
    static String pairState(String deviceId) {
        for (String replica : FosfleetSystem.HEARTBEATS) {
            if (!system().alive(replica)) {
                continue;
            }
            HttpResponse<String> r = system().get(system().url(replica) + "/pairs/" + deviceId, null);
            if (r.statusCode() == 200) {
                return FosfleetSystem.json(r).path("state").asText();
            }
        }
        return null;
    }

    /**
     * What the sinks held when a test began: the tests judge only what arrives after it, so a notification from
     * before (e.g. a probe that timed out while the machine was starting everything at once) is not theirs.
     */
    private static int syslogMark;
    private static int mailMark;

    /** From now on, {@link #syslogAbout} and {@link #mailsAbout} see only what arrives from now on. */
    static void markSinks() {
        syslogMark = system().syslog().messages().size();
        mailMark = system().smtp().mails().size();
    }

    /** alert-service's syslog messages about {@code pair} since {@link #markSinks()}. */
    static List<String> syslogAbout(String pair) {
        List<SyslogListener.Message> all = system().syslog().messages();
        return all.subList(Math.min(syslogMark, all.size()), all.size()).stream().map(SyslogListener.Message::text)
                .filter(t -> t.contains("pair=" + pair + " ")).toList();
    }

    private static final Pattern SHORT = Pattern.compile("alert=(\\S+) status=(\\S+?)(?: alerts=(\\S+?))?\\)");

    /**
     * alert-service's syslog messages about {@code pair} since {@link #markSinks()}, each in short: status and lead
     * alert, and all of its alerts in brackets when there are several, e.g.
     * {@code resolved Failover [Failover/fos-1:resolved,PrimaryDown/fos-1:resolved]}.
     */
    static List<String> syslogShort(String pair) {
        return syslogAbout(pair).stream().map(text -> {
            Matcher m = SHORT.matcher(text);
            if (!m.find()) {
                return text;
            }
            return m.group(2) + " " + m.group(1) + (m.group(3) == null ? "" : " [" + m.group(3) + "]");
        }).toList();
    }

    /** alert-service's syslog messages about {@code pair} headed by {@code alertname} with {@code status}. */
    static List<String> syslogAbout(String pair, String alertname, String status) {
        return syslogAbout(pair).stream().filter(t -> t.contains("alert=" + alertname + " status=" + status))
                .toList();
    }

    /** alert-service's mails about {@code pair} (not the devices' own mails) since {@link #markSinks()}. */
    static List<String> mailsAbout(String pair) {
        List<SmtpSink.Mail> all = system().smtp().mails();
        return all.subList(Math.min(mailMark, all.size()), all.size()).stream()
                .filter(m -> m.from().contains(Launch.ALERT_MAIL_FROM)).map(Observe::subject)
                .filter(s -> s.contains("(pair " + pair + ",") || s.contains("pair " + pair)).toList();
    }

    /** A mail's subject, unfolded (a long one is folded over several header lines). */
    static String subject(SmtpSink.Mail mail) {
        return mail.subject();
    }

    /** alert-service's mail subjects about {@code pair} that contain {@code text}. */
    static List<String> mailsAbout(String pair, String text) {
        return mailsAbout(pair).stream().filter(s -> s.contains(text)).toList();
    }

    /** What an operator does for a MANUAL pair once its primary is back: re-arm, switch back to A-B. */
    static void restoreManually(DemoDatacenter.Pair pair) {
        String operator = system().token("operator");
        for (Map<String, Object> command : List.of(
                Map.<String, Object>of("type", "WATCHDOG_REARM", "reason", "e2e: primary back"),
                Map.<String, Object>of("type", "SWITCH_RELAY", "parameters", Map.of("mode", "1"),
                        "reason", "e2e: primary back"))) {
            HttpResponse<String> r = system().post(system().configUrl() + "/api/devices/" + pair.deviceId()
                    + "/commands", operator, command);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
        awaitStatus(pair.deviceId(), s -> s.connections().equals("A-B") && s.watchdogState() == 1);
    }

    /** Every pair kicked and armed, relay A-B: how the system starts and how each test must leave it. */
    static void awaitAllPairsHealthy() {
        List<String> devices = system().allPairs().stream().map(DemoDatacenter.Pair::deviceId).toList();
        await("every pair kicking").atMost(STEP).pollInterval(Duration.ofMillis(300))
                .until(() -> system().kicking().containsAll(devices));
        for (String d : devices) {
            DeviceStatus s = system().device(d);
            assertThat(s.watchdogState()).as(d + " watchdog (1 = on)").isEqualTo(1);
            assertThat(s.connections()).as(d + " relay").isEqualTo("A-B");
        }
    }

    static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
