package io.fosfleet.alert.receiver;

import io.fosfleet.alert.AlertServiceConfig;
import io.fosfleet.alert.routing.ReceiverSpec.Syslog;
import io.fosfleet.events.Alert.Severity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends notifications as syslog messages: RFC 5424 or RFC 3164, over UDP or over TCP with octet-counted framing
 * (RFC 6587). TCP connections are kept open and re-opened by the next attempt after a failure.
 */
@ApplicationScoped
public class SyslogSender {

    /** RFC 3164's limit for a whole message. */
    private static final int RFC3164_MAX = 1024;
    /**
     * Our limit for a whole RFC 5424 message in bytes, as common receivers (rsyslog, syslog-ng) accept by default;
     * far below a UDP datagram's 65,507, so a long event text can never make a message undeliverable.
     */
    static final int RFC5424_MAX = 8192;
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC5424_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private final String hostname;
    private final Map<String, Socket> connections = new HashMap<>();
    private DatagramSocket udp;

    @Inject
    public SyslogSender(AlertServiceConfig config) {
        this(config.hostname().orElseGet(SyslogSender::localHostname));
    }

    SyslogSender(String hostname) {
        this.hostname = hostname;
    }

    public void send(Syslog to, Notification n, Instant now) throws IOException {
        byte[] message = format(to, n, now).getBytes(StandardCharsets.UTF_8);
        if (to.transport() == Syslog.Transport.UDP) {
            sendUdp(to, message);
        } else {
            sendTcp(to, message);
        }
    }

    /** The message text, without transport framing. */
    public String format(Syslog to, Notification n, Instant now) {
        int pri = to.facility() * 8 + to.severity().orElseGet(() -> severity(n));
        String line = Texts.line(n);
        if (to.format() == Syslog.Format.RFC3164) {
            // The device's own messages carry the tag "berofos" ("berofos:42: ..."), others our app name.
            String tagged = n.lead().deviceMessage().isPresent() ? line : to.appName() + ": " + line;
            String msg = "<" + pri + ">" + RFC3164_TIME.format(now) + " " + hostname + " " + ascii(tagged);
            return msg.length() > RFC3164_MAX ? msg.substring(0, RFC3164_MAX) : msg;
        }
        var lead = n.lead();
        String sd = "[fosfleet@32473 device=\"" + sdValue(lead.deviceId().value()) + "\""
                + param("pair", lead.placement().pairId()) + param("site", lead.placement().site())
                + " alertname=\"" + sdValue(lead.condition().alertName()) + "\""
                + " status=\"" + (n.resolved() ? "resolved" : "firing") + "\""
                + " events=\"" + n.events().size() + "\" notification=\"" + n.id() + "\"]";
        return utf8Prefix("<" + pri + ">1 " + RFC5424_TIME.format(now) + " " + hostname + " " + to.appName() + " - "
                + lead.condition().alertName() + " " + sd + " " + line, RFC5424_MAX);
    }

    /** crit for critical alerts, warning, info; a resolution is a notice. */
    private static int severity(Notification n) {
        if (n.resolved()) {
            return 5;
        }
        Severity s = n.severity();
        return s == Severity.CRITICAL ? 2 : s == Severity.WARNING ? 4 : 6;
    }

    private synchronized void sendUdp(Syslog to, byte[] message) throws IOException {
        if (udp == null || udp.isClosed()) {
            udp = new DatagramSocket();
        }
        udp.send(new DatagramPacket(message, message.length, InetAddress.getByName(to.host()), to.port()));
    }

    private synchronized void sendTcp(Syslog to, byte[] message) throws IOException {
        String key = to.host() + ":" + to.port();
        Socket socket = connections.get(key);
        if (socket == null || socket.isClosed()) {
            socket = new Socket();
            socket.connect(new InetSocketAddress(to.host(), to.port()), 5000);
            socket.setSoTimeout(5000);
            connections.put(key, socket);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
        } catch (IOException e) {
            connections.remove(key);
            socket.close();
            throw e;
        }
    }

    synchronized void close(@Observes ShutdownEvent ignored) {
        for (Socket s : connections.values()) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (udp != null) {
            udp.close();
        }
    }

    /** The longest prefix of {@code s} that is at most {@code maxBytes} in UTF-8, never splitting a character. */
    static String utf8Prefix(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    private static String param(String name, String value) {
        return value == null ? "" : " " + name + "=\"" + sdValue(value) + "\"";
    }

    private static String sdValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    /** RFC 3164 is ASCII; the dashes of our texts become hyphens. */
    private static String ascii(String s) {
        return s.replace('—', '-').replace('…', '.').replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "fosfleet-alert-service";
        }
    }

}
