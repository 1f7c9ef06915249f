package io.fosfleet.alert.receiver;

import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.Inventory;
import io.fosfleet.alert.grouping.FiringLog;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.alert.routing.RoutingRules;
import io.fosfleet.alert.support.AlertmanagerProcess;
import io.fosfleet.alert.support.Events;
import io.fosfleet.events.HeartbeatEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Alertmanager sender on its own against Debian's real Alertmanager (one for the class; skipped, saying so, where
 * it is not installed): the order of what Alertmanager ends up with when deliveries are retried out of order, and the
 * secret kept out of every error.
 */
class AlertmanagerSenderTest {

    private static AlertmanagerProcess alertmanager;
    private static int port;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(AlertmanagerProcess.installed(), AlertmanagerProcess.BINARY + " is not installed"
                + " (Debian package prometheus-alertmanager; .ci/run installs it): the Alertmanager sender tests are"
                + " skipped");
        port = AlertmanagerProcess.freePort();
        alertmanager = AlertmanagerProcess.start(port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void aLateRetryOfTheFiringNeverReopensAnAlertResolvedMeanwhile() throws Exception {
        AlertmanagerSender sender = new AlertmanagerSender(new SimpleMeterRegistry());
        FiringLog log = new FiringLog();
        ReceiverSpec spec = receiver(AlertmanagerProcess.PASSWORD);
        var to = (ReceiverSpec.Alertmanager) spec.channel().orElseThrow();
        AlertEvent down = event(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-as-1");
        AlertEvent up = event(HeartbeatEvent.Type.PRIMARY_UP, "fos-as-1");
        assertThat(log.admit("am", down)).isTrue();
        sender.send("am", to, notification(spec, down), log, Instant.now());
        assertThat(alertmanager.alertsOf("fos-as-1")).hasSize(1);
        assertThat(log.admit("am", up)).isTrue();
        sender.send("am", to, notification(spec, up), log, Instant.now());
        assertThat(alertmanager.alertsOf("fos-as-1")).isEmpty();
        // a retry of the firing comes late (its first attempt timed out after Alertmanager had taken it): it must
        // not make the alert active again
        sender.send("am", to, notification(spec, down), log, Instant.now());
        assertThat(alertmanager.alertsOf("fos-as-1")).isEmpty();
        // nor does any re-send
        sender.resend(new RoutingRules(null, Map.of("am", spec), List.of()), log, new Inventory(),
                Instant.now().plusSeconds(5));
        assertThat(alertmanager.alertsOf("fos-as-1")).isEmpty();
    }

    @Test
    void aRefusedOrMissingPasswordFailsWithoutShowingIt() throws Exception {
        AlertmanagerSender sender = new AlertmanagerSender(new SimpleMeterRegistry());
        FiringLog log = new FiringLog();
        String wrong = "wrong-password-" + UUID.randomUUID();
        ReceiverSpec spec = receiver(wrong);
        AlertEvent down = event(HeartbeatEvent.Type.PRIMARY_DOWN, "fos-as-2");
        log.admit("am", down);
        var to = (ReceiverSpec.Alertmanager) spec.channel().orElseThrow();
        assertThatThrownBy(() -> sender.send("am", to, notification(spec, down), log, Instant.now()))
                .hasMessage("POST /api/v2/alerts answered HTTP 401: Unauthorized")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));

        var missing = new ReceiverSpec.Alertmanager(to.url(), Optional.of(new ReceiverSpec.BasicAuth("fosfleet",
                new ReceiverSpec.Secret(Optional.empty(), Optional.of(dir.resolve("nothing-here"))))),
                to.timeout(), to.resendInterval(), Map.of(), Optional.empty());
        assertThatThrownBy(() -> sender.send("am", missing, notification(spec, down), log, Instant.now()))
                .hasMessage("the secret file " + dir.resolve("nothing-here") + " does not exist");
        assertThat(alertmanager.alertsOf("fos-as-2")).isEmpty();
    }

    private static ReceiverSpec receiver(String password) throws Exception {
        Path file = Files.writeString(dir.resolve("password-" + UUID.randomUUID()), password + "\n");
        var channel = new ReceiverSpec.Alertmanager(URI.create("http://127.0.0.1:" + port),
                Optional.of(new ReceiverSpec.BasicAuth(AlertmanagerProcess.USER,
                        new ReceiverSpec.Secret(Optional.empty(), Optional.of(file)))),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Map.of(), Optional.empty());
        return new ReceiverSpec("am", Optional.of(channel), Optional.empty());
    }

    private static AlertEvent event(HeartbeatEvent.Type type, String device) {
        return AlertEvent.of(Events.heartbeat(type, device, "pbx-as"), AlertEvent.Placement.UNKNOWN);
    }

    private static Notification notification(ReceiverSpec spec, AlertEvent e) {
        return new Notification(UUID.randomUUID(), spec, "g", Map.of("pair", "pbx-as"), List.of(e));
    }
}
