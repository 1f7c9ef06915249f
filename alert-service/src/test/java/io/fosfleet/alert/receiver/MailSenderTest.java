package io.fosfleet.alert.receiver;

import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.alert.event.AlertEvent;
import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.alert.routing.ReceiverSpec;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.testing.sinks.SmtpSink;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SMTP with a password against a real server on loopback that offers AUTH but no STARTTLS, as after a downgrade by
 * someone on the path: the password must not go out unless clear text was explicitly allowed.
 */
class MailSenderTest {

    private static final String PASSWORD = "s3cret-smtp-pw";
    private static final Instant NOW = Instant.parse("2026-11-27T19:04:05Z");

    private SmtpSink server;

    @BeforeEach
    void start() throws Exception {
        server = SmtpSink.startOfferingAuth();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void withAPasswordAndNoStartTlsOfferedThePasswordIsNeverSent() {
        MailSender sender = new MailSender(smtp(Optional.empty(), false));
        assertThatThrownBy(() -> sender.send(MAIL, notification(), NOW))
                .isInstanceOf(MessagingException.class).hasMessageContaining("STARTTLS");
        assertPasswordNeverSent();
        assertThat(server.mails()).isEmpty();
    }

    @Test
    void anExplicitOptionalStartTlsDoesNotLetThePasswordGoInClearEither() {
        MailSender sender = new MailSender(smtp(Optional.of(AlertServiceConfig.Smtp.StartTls.OPTIONAL), false));
        assertThatThrownBy(() -> sender.send(MAIL, notification(), NOW)).isInstanceOf(MessagingException.class);
        assertPasswordNeverSent();
    }

    @Test
    void clearTextAuthenticationHappensOnlyWhenExplicitlyAllowed() throws Exception {
        new MailSender(smtp(Optional.of(AlertServiceConfig.Smtp.StartTls.OPTIONAL), true)).send(MAIL, notification(), NOW);
        assertThat(server.mails()).hasSize(1);
        assertThat(server.commands()).anyMatch(c -> c.startsWith("AUTH PLAIN"));
    }

    private void assertPasswordNeverSent() {
        String encoded = Base64.getEncoder().encodeToString(("\0alerts\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(server.commands()).noneMatch(c -> c.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH"))
                .noneMatch(c -> c.contains(encoded) || c.contains(PASSWORD));
    }

    private static final ReceiverSpec.Mail MAIL = new ReceiverSpec.Mail(List.of("noc@example.com"), Optional.empty());

    private SmtpConfig smtp(Optional<AlertServiceConfig.Smtp.StartTls> starttls, boolean allowPasswordWithoutTls) {
        return new SmtpConfig("127.0.0.1", server.port(), starttls, Optional.of("alerts"), Optional.of(PASSWORD),
                "fosfleet-alerts@localhost", Duration.ofSeconds(10), allowPasswordWithoutTls);
    }

    private static Notification notification() {
        AlertEvent failover = AlertEvent.of(DeviceEvent.create(DeviceEvent.Type.FAILOVER, DeviceId.of("fos-7"), NOW,
                "device-gateway", 42, Map.of(), "watchdog ran out"), new Placement("pbx-a", "fra1", "r7", false));
        return new Notification(UUID.randomUUID(), new ReceiverSpec("mail", Optional.empty(), Optional.empty()),
                "0/mail/{pair=pbx-a}", Map.of("pair", "pbx-a"), List.of(failover));
    }

    /** The SMTP settings as the configuration would give them. */
    private record SmtpConfig(String host, int port, Optional<StartTls> starttls, Optional<String> username,
                              Optional<String> password, String from, Duration timeout,
                              boolean allowPasswordWithoutTls) implements AlertServiceConfig.Smtp {
    }
}
