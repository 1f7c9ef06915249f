package io.fosfleet.alert.receiver;

import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.alert.routing.ReceiverSpec.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** Sends notifications as plain-text mail through the configured SMTP server (STARTTLS and authentication optional). */
@ApplicationScoped
public class MailSender {

    private final AlertServiceConfig.Smtp smtp;
    private final Session session;

    public MailSender(AlertServiceConfig config) {
        this.smtp = config.smtp();
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        String timeout = String.valueOf(smtp.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls() != AlertServiceConfig.Smtp.StartTls.NONE));
        p.put("mail.smtp.starttls.required", String.valueOf(smtp.starttls() == AlertServiceConfig.Smtp.StartTls.REQUIRED));
        p.put("mail.smtp.auth", String.valueOf(smtp.username().isPresent()));
        this.session = Session.getInstance(p);
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
