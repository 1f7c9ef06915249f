package io.fosfleet.alert.support;

import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.sinks.SmtpSink;
import io.fosfleet.testing.sinks.SyslogListener;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the service talks to in the tests, real and on loopback: the shared Kafka broker, a UDP and a TCP syslog
 * server, an SMTP server and a webhook endpoint; plus a routing file that sends each test's pair to its receivers.
 */
public final class Receivers implements QuarkusTestResourceLifecycleManager {

    public static SyslogListener udp;
    public static TcpSyslogListener tcp;
    public static WebhookServer webhook;
    /** The routing file and what it says at start, for the reload test. */
    public static Path rulesFile;
    public static String rulesText;
    /**
     * Debian's Alertmanager, started with the other receivers (so its port, named in the routing file, is bound at
     * once); null where it is not installed or did not start ({@link #alertmanagerFailure} says why).
     */
    public static AlertmanagerProcess alertmanager;
    public static String alertmanagerFailure;
    /** A password the Alertmanager refuses, which must never show in a log or a dead letter. */
    public static final String WRONG_PASSWORD = "not-the-am-password-7f3a";
    private static SmtpSink smtp;
    private static int smtpPort;

    @Override
    public Map<String, String> start() {
        try {
            udp = SyslogListener.start();
            tcp = new TcpSyslogListener();
            smtp = SmtpSink.start();
            smtpPort = smtp.port();
            webhook = new WebhookServer(0);
            rulesFile = Path.of("target", "test-rules.yaml").toAbsolutePath();
            int alertmanagerPort = AlertmanagerProcess.freePort();
            Path amPassword = Files.writeString(Path.of("target", "am-password").toAbsolutePath(),
                    AlertmanagerProcess.PASSWORD + "\n");
            Path amWrongPassword = Files.writeString(Path.of("target", "am-wrong-password").toAbsolutePath(),
                    WRONG_PASSWORD);
            rulesText = """
                    route:
                      receiver: discard
                      group_by: [pair]
                      group_wait: 500ms
                      group_interval: 1s
                      repeat_interval: 1h
                      routes:
                        - matchers: ['pair="failover"']
                          receiver: syslog-udp
                          continue: true
                        - matchers: ['pair="failover"']
                          receiver: syslog-tcp
                          continue: true
                        - matchers: ['pair=~"failover|late-mail"']
                          receiver: noc-mail
                        # one poll may not bring the whole burst: the group waits long enough for all of it
                        - matchers: ['pair=~"burst|late-silence"']
                          receiver: hook
                          group_wait: 3s
                        - matchers: ['pair="broken-hook"']
                          receiver: broken-hook
                        # Prometheus Alertmanager (AlertmanagerReceiverTest): Alertmanager groups itself
                        - matchers: ['pair=~"am-.*"', 'pair!="am-badauth"']
                          receiver: alertmanager
                          group_wait: 0s
                        - matchers: ['pair="am-badauth"']
                          receiver: alertmanager-bad-password
                          group_wait: 0s
                        - matchers: ['pair=~"truth|inhibit|fastfo|silence|flap|maint|skip|nofire|cycle|restart|regex|poison|kickgrace|kickgrace2|resolve"']
                          receiver: hook
                    receivers:
                      - name: discard
                      - name: syslog-udp
                        syslog: {host: 127.0.0.1, port: %d, transport: udp, format: rfc5424, facility: local3}
                      - name: syslog-tcp
                        syslog: {host: 127.0.0.1, port: %d, transport: tcp, format: rfc3164, facility: local4}
                      - name: noc-mail
                        mail: {to: [noc@example.com]}
                      - name: hook
                        webhook: {url: "%s"}
                      - name: broken-hook
                        max_attempts: 3
                        webhook: {url: "%s"}
                      - name: alertmanager
                        alertmanager:
                          url: "http://127.0.0.1:%d"
                          resend_interval: 1s
                          basic_auth: {username: %s, password_file: "%s"}
                          labels: {env: test}
                          console_url: "https://console.example.com/console/"
                      - name: alertmanager-bad-password
                        max_attempts: 1
                        alertmanager:
                          url: "http://127.0.0.1:%d"
                          basic_auth: {username: %s, password_file: "%s"}
                    """.formatted(udp.port(), tcp.port(), webhook.url("/ok"), webhook.url("/fail"),
                    alertmanagerPort, AlertmanagerProcess.USER, amPassword, alertmanagerPort, AlertmanagerProcess.USER,
                    amWrongPassword);
            Files.writeString(rulesFile, rulesText);
            if (AlertmanagerProcess.installed()) {
                try {
                    alertmanager = AlertmanagerProcess.start(alertmanagerPort);
                } catch (IOException | RuntimeException e) {
                    alertmanagerFailure = "Alertmanager did not start: " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    alertmanagerFailure = "interrupted while starting Alertmanager";
                }
            }
            return Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers()),
                    Map.entry("fosfleet.alert.rules-file", rulesFile.toString()),
                    Map.entry("fosfleet.alert.rules-reload-interval", "300ms"),
                    Map.entry("fosfleet.alert.smtp.host", "127.0.0.1"),
                    Map.entry("fosfleet.alert.smtp.port", String.valueOf(smtpPort)),
                    Map.entry("fosfleet.alert.smtp.starttls", "NONE"),
                    Map.entry("fosfleet.alert.delivery.initial-backoff", "200ms"),
                    Map.entry("fosfleet.alert.delivery.max-backoff", "1s"),
                    Map.entry("fosfleet.alert.delivery.max-attempts", "40"),
                    Map.entry("fosfleet.alert.flapping.threshold", "4"),
                    Map.entry("fosfleet.alert.flapping.window", "1m"),
                    Map.entry("fosfleet.alert.flapping.stable-after", "2s"),
                    Map.entry("fosfleet.alert.hostname", "alert-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized SmtpSink smtp() {
        return smtp;
    }

    /** The mail server goes away; mails wait in the service's retries. */
    public static synchronized void smtpDown() throws IOException {
        smtp.close();
    }

    /** The mail server comes back on the same port (a fresh sink: only mails from now on). */
    public static synchronized void smtpUp() throws IOException {
        smtp = SmtpSink.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), smtpPort));
    }

    @Override
    public void stop() {
        udp.close();
        webhook.close();
        try {
            if (alertmanager != null) {
                alertmanager.close();
            }
            tcp.close();
            smtp.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
