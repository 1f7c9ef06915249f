package io.fosfleet.alert.receiver;

import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.alert.AlertServiceConfig.Smtp.StartTls;
import io.fosfleet.alert.routing.ReceiverSpec.Mail;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Sends notifications as plain-text mail through the configured SMTP server (STARTTLS and authentication optional;
 * with a password STARTTLS is required unless clear text is explicitly allowed). Made at start, so a configuration
 * that lets the password go in clear is warned about at once.
 */
@Startup
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    private final AlertServiceConfig.Smtp smtp;
    private final Session session;

    @Inject
    public MailSender(AlertServiceConfig config) {
        this(config.smtp());
    }

    MailSender(AlertServiceConfig.Smtp smtp) {
        this.smtp = smtp;
        StartTls starttls = starttls(smtp);
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        String timeout = String.valueOf(smtp.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.starttls.enable", String.valueOf(starttls != StartTls.NONE));
        p.put("mail.smtp.starttls.required", String.valueOf(starttls == StartTls.REQUIRED));
        // TLS that accepts any certificate for any name would only move the downgrade to a man in the middle.
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", String.valueOf(smtp.username().isPresent()));
        this.session = Session.getInstance(p);
    }

    /**
     * The STARTTLS mode in force: with credentials REQUIRED unless clear text is explicitly allowed, so that a server
     * (or someone on the path) not offering STARTTLS never receives the password; warned about at start.
     */
    static StartTls starttls(AlertServiceConfig.Smtp smtp) {
        boolean credentials = smtp.username().isPresent() || smtp.password().isPresent();
        if (!credentials) {
            return smtp.starttls().orElse(StartTls.OPTIONAL);
        }
        StartTls configured = smtp.starttls().orElse(StartTls.REQUIRED);
        if (configured == StartTls.REQUIRED) {
            return configured;
        }
        if (smtp.allowPasswordWithoutTls()) {
            LOG.warnf("SMTP: the password for %s may be sent to %s:%d in clear text (starttls=%s and"
                    + " fosfleet.alert.smtp.allow-password-without-tls=true)", smtp.username().orElse("(no username)"),
                    smtp.host(), smtp.port(), configured);
            return configured;
        }
        LOG.warnf("SMTP: starttls=%s is not used: with a password STARTTLS is REQUIRED, so that it is never sent in"
                + " clear text; set fosfleet.alert.smtp.allow-password-without-tls=true to allow that", configured);
        return StartTls.REQUIRED;
    }

    public void send(Mail to, Notification n, Instant now) throws MessagingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // One id per notification: a mail sent again after a lost reply can be recognised as the same.
                setHeader("Message-ID", "<" + n.id() + "@fosfleet.alert-service>");
            }
        };
        m.setFrom(new InternetAddress(to.from().orElse(smtp.from())));
        for (String address : to.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        m.setSubject(Texts.subject(n), "UTF-8");
        m.setText(Texts.body(n), "UTF-8");
        m.setSentDate(Date.from(now));
        m.setHeader("X-Fosfleet-Severity", n.resolved() ? "resolved" : n.severity().name().toLowerCase(java.util.Locale.ROOT));
        if (smtp.username().isPresent()) {
            Transport.send(m, smtp.username().get(), smtp.password().orElse(""));
        } else {
            Transport.send(m);
        }
    }
}
