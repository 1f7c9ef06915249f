package io.fosfleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fosfleet.testing.sinks.SmtpSink;
import io.fosfleet.testing.sinks.SyslogListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinksTest {

    @Test
    void aSyslogMessageBecomesALineAndAMailAnEmlFileEachOnce(@TempDir Path dir) throws Exception {
        Path syslogFile = dir.resolve("syslog.log");
        Files.writeString(syslogFile, "");
        try (SyslogListener syslog = SyslogListener.start(); SmtpSink smtp = SmtpSink.start();
             DatagramSocket sender = new DatagramSocket()) {
            Sinks.Written written = new Sinks.Written(syslogFile, dir);
            byte[] text = "<13>berofos:42: Wdog swithed: Failover (timeout)".getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(text, text.length, syslog.address(), syslog.port()));
            mail(smtp, "Failover fra1-a");
            syslog.awaitContaining("berofos:42", Duration.ofSeconds(5));
            smtp.awaitSubject("Failover fra1-a", Duration.ofSeconds(5));

            written.flush(syslog, smtp);
            written.flush(syslog, smtp);

            assertThat(Files.readAllLines(syslogFile)).singleElement().asString()
                    .endsWith(" 127.0.0.1 <13>berofos:42: Wdog swithed: Failover (timeout)");
            assertThat(dir.resolve("0001.eml")).content().contains("Subject: Failover fra1-a");
            assertThat(dir.resolve("0002.eml")).doesNotExist();
        }
    }

    private static void mail(SmtpSink smtp, String subject) throws Exception {
        try (Socket s = new Socket(smtp.address(), smtp.port());
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            in.readLine();
            for (String line : new String[]{"HELO test", "MAIL FROM:<berofos@fra1-a-fos>", "RCPT TO:<noc@fosfleet.local>",
                    "DATA"}) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                in.readLine();
            }
            out.write(("Subject: " + subject + "\r\n\r\nfailover\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            in.readLine();
        }
    }
}
