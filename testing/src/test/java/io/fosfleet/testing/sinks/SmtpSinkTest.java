package io.fosfleet.testing.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real SMTP conversation over loopback with the sink, as alert-service's mailer has it. */
class SmtpSinkTest {

    @Test
    void aFoldedSubjectIsReadUnfoldedAndTheBodyIsKept() throws Exception {
        try (SmtpSink sink = SmtpSink.start();
                Socket socket = new Socket(sink.address(), sink.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            for (String command : new String[] {"HELO test", "MAIL FROM:<fos@example.org>",
                    "RCPT TO:<noc@example.org>", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).matches("(250|354).*");
            }
            out.write(("From: fos@example.org\r\n"
                    + "Subject: [CRITICAL] Failover on fos-fra1-a (pair fra1-a,\r\n"
                    + "\tsite fra1): relay A-D\r\n"
                    + "X-Other: x\r\n"
                    + "\r\n"
                    + "Subject: not a header\r\n"
                    + "..dot-stuffed line\r\n"
                    + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250");

            SmtpSink.Mail mail = sink.await(m -> true, Duration.ofSeconds(5));
            assertThat(mail.subject())
                    .isEqualTo("[CRITICAL] Failover on fos-fra1-a (pair fra1-a, site fra1): relay A-D");
            assertThat(mail.header("x-other")).isEqualTo("x");
            assertThat(mail.header("Missing")).isEmpty();
            assertThat(mail.body()).isEqualTo("Subject: not a header\r\n.dot-stuffed line\r\n");
        }
    }
}
