package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The device's mail sender: one plain SMTP conversation per mail (EHLO, MAIL FROM, RCPT TO, DATA, QUIT) from the
 * device's own address, no TLS and no authentication, as a small embedded device does.
 */
final class SmtpMailer {

    private static final int SMTP_PORT = 25;
    private static final int TIMEOUT_SECONDS = 20;

    private SmtpMailer() {
    }

    /** Sends the mail in the background; the outcome is logged. */
    static void send(Vertx vertx, Ipv4Address localAddress, String hostname, DeviceEffects.Mail mail,
            Consumer<String> log) {
        String host = mail.server();
        int port = SMTP_PORT;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.substring(colon + 1).matches("[0-9]{1,5}")) {
            port = Integer.parseInt(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        String server = host + ":" + port;
        NetClient client = vertx.createNetClient(new NetClientOptions().setLocalAddress(localAddress.toString())
                .setConnectTimeout(TIMEOUT_SECONDS * 1000).setIdleTimeout(TIMEOUT_SECONDS));
        client.connect(port, host).onSuccess(socket -> new Conversation(socket, client, hostname, mail, server, log)
                .start()).onFailure(e -> {
                    log.accept("mail '" + mail.subject() + "' not sent: cannot connect to " + server + ": "
                            + e.getMessage());
                    client.close();
                });
    }

    /** One SMTP dialogue: each expected reply code releases the next command. */
    private static final class Conversation {

        private record Step(int expect, String command) {
        }

        private final NetSocket socket;
        private final NetClient client;
        private final DeviceEffects.Mail mail;
        private final String server;
        private final Consumer<String> log;
        private final Deque<Step> steps = new ArrayDeque<>();
        private boolean finished;

        Conversation(NetSocket socket, NetClient client, String hostname, DeviceEffects.Mail mail, String server,
                Consumer<String> log) {
            this.socket = socket;
            this.client = client;
            this.mail = mail;
            this.server = server;
            this.log = log;
            List<String> recipients = Arrays.stream(mail.to().split("[,;\\s]+")).filter(s -> !s.isEmpty()).toList();
            steps.add(new Step(220, "EHLO " + hostname));
            steps.add(new Step(250, "MAIL FROM:<" + mail.from() + ">"));
            for (String to : recipients) {
                steps.add(new Step(250, "RCPT TO:<" + to + ">"));
            }
            steps.add(new Step(250, "DATA"));
            steps.add(new Step(354, message(mail) + "\r\n."));
            steps.add(new Step(250, "QUIT"));
        }

        void start() {
            RecordParser lines = RecordParser.newDelimited("\n", this::onLine);
            socket.handler(lines);
            socket.closeHandler(closed -> {
                if (!finished) {
                    fail("connection closed early");
                }
                client.close();
            });
        }

        private void onLine(Buffer buffer) {
            String line = buffer.toString().replaceFirst("\r$", "");
            // "250-..." continues a multi-line reply; only its last line ("250 ...") counts.
            if (finished || line.length() < 3 || (line.length() > 3 && line.charAt(3) == '-')) {
                return;
            }
            Step step = steps.poll();
            if (step == null) {
                finished = true;
                log.accept("mail '" + mail.subject() + "' sent to " + mail.to() + " via " + server);
                socket.close();
                return;
            }
            if (!line.startsWith(Integer.toString(step.expect()))) {
                fail("server answered '" + line + "'");
                socket.write("QUIT\r\n");
                socket.close();
                return;
            }
            socket.write(step.command() + "\r\n");
        }

        private void fail(String why) {
            finished = true;
            log.accept("mail '" + mail.subject() + "' not sent via " + server + ": " + why);
        }

        private static String message(DeviceEffects.Mail mail) {
            StringBuilder m = new StringBuilder()
                    .append("From: ").append(mail.from()).append("\r\n")
                    .append("To: ").append(mail.to()).append("\r\n")
                    .append("Subject: ").append(mail.subject()).append("\r\n")
                    .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))
                    .append("\r\n")
                    .append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
            for (String line : mail.text().split("\r?\n")) {
                // Dot-stuffing: a line starting with '.' must not end the DATA section.
                m.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
            }
            m.setLength(m.length() - 2);
            return m.toString();
        }
    }
}
