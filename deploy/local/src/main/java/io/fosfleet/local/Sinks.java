package io.fosfleet.local;

import io.fosfleet.testing.sinks.SmtpSink;
import io.fosfleet.testing.sinks.SyslogListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The NOC's syslog server and mail server of a local run, in one process: what alert-service and the devices send is
 * written to files a user can read ({@code syslog.log}, one line per message; one {@code .eml} file per mail).
 * <p>
 * {@code java io.fosfleet.local.Sinks SYSLOG_PORT SMTP_PORT SYSLOG_FILE MAIL_DIR}
 */
public final class Sinks {

    /** The testing sinks keep what they receive in memory; this is how often new messages are written out. */
    private static final long FLUSH_MILLIS = 200;

    private Sinks() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: Sinks SYSLOG_PORT SMTP_PORT SYSLOG_FILE MAIL_DIR");
            System.exit(2);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Path syslogFile = Path.of(args[2]);
        Path mailDir = Path.of(args[3]);
        Files.createDirectories(mailDir);
        Files.createDirectories(syslogFile.toAbsolutePath().getParent());
        Files.writeString(syslogFile, "");
        try (SyslogListener syslog = SyslogListener.start(new InetSocketAddress(loopback, Integer.parseInt(args[0])));
             SmtpSink smtp = SmtpSink.start(new InetSocketAddress(loopback, Integer.parseInt(args[1])))) {
            System.out.println("syslog udp/" + syslog.port() + " -> " + syslogFile);
            System.out.println("smtp tcp/" + smtp.port() + " -> " + mailDir + "/NNNN.eml");
            System.out.println("sinks ready");
            System.out.flush();
            Written written = new Written(syslogFile, mailDir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> written.flush(syslog, smtp), "sinks-flush"));
            while (true) {
                written.flush(syslog, smtp);
                Thread.sleep(FLUSH_MILLIS);
            }
        }
    }

    /** How much of each sink is on disk already. */
    static final class Written {
        private final Path syslogFile;
        private final Path mailDir;
        private int messages;
        private int mails;

        Written(Path syslogFile, Path mailDir) {
            this.syslogFile = syslogFile;
            this.mailDir = mailDir;
        }

        synchronized void flush(SyslogListener syslog, SmtpSink smtp) {
            try {
                List<SyslogListener.Message> all = syslog.messages();
                StringBuilder lines = new StringBuilder();
                for (SyslogListener.Message m : all.subList(messages, all.size())) {
                    lines.append(m.received()).append(' ').append(m.source().getAddress().getHostAddress())
                            .append(' ').append(m.text().stripTrailing()).append('\n');
                }
                if (lines.length() > 0) {
                    Files.writeString(syslogFile, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    System.out.print("syslog: " + lines);
                }
                messages = all.size();
                List<SmtpSink.Mail> received = smtp.mails();
                for (SmtpSink.Mail mail : received.subList(mails, received.size())) {
                    mails++;
                    Path file = mailDir.resolve(String.format("%04d.eml", mails));
                    Files.writeString(file, mail.data(), StandardCharsets.UTF_8);
                    System.out.println("mail " + file.getFileName() + " from " + mail.from() + " to " + mail.to()
                            + ": " + mail.subject());
                }
                System.out.flush();
            } catch (IOException e) {
                System.err.println("cannot write what the sinks received: " + e);
            }
        }
    }
}
