package io.fosfleet.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * bnfos's messages in the local syslog, facility user, tag {@code bnfos}, one message per line of text, as the
 * reference tool's {@code syslog(3)} calls leave them.
 *
 * <p>Java cannot write to {@code /dev/log} (a Unix datagram socket; Java 17 has Unix stream sockets only), so where
 * {@code /dev/log} exists the lines go through one {@code logger --prio-prefix} process started for the whole run;
 * elsewhere, or when {@value #TARGET_ENV}=host:port is set (a syslog daemon that listens on UDP, or a test), they go
 * to that address, default 127.0.0.1:514, as RFC 3164 datagrams.
 */
final class LocalSyslog implements Messages {

    /** Environment variable naming a UDP syslog receiver, {@code host:port}. */
    static final String TARGET_ENV = "BNFOS_SYSLOG";

    private static final Path DEV_LOG = Path.of("/dev/log");
    private static final int FACILITY_USER = 1;
    private static final String TAG = "bnfos";

    /** How lines reach the syslog daemon. */
    private interface Transport {
        void send(int priority, String line) throws IOException;

        void close();
    }

    private final Transport transport;

    private LocalSyslog(Transport transport) {
        this.transport = transport;
    }

    /** Opens the syslog the environment points to. */
    static LocalSyslog open(Map<String, String> env) throws CliFailure {
        String target = env.get(TARGET_ENV);
        try {
            if (target != null && !target.isEmpty()) {
                return new LocalSyslog(new Udp(address(target)));
            }
            if (Files.exists(DEV_LOG)) {
                try {
                    return new LocalSyslog(new LoggerCommand());
                } catch (IOException noLogger) {
                    // No logger command: the UDP receiver is the remaining way.
                }
            }
            return new LocalSyslog(new Udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 514)));
        } catch (IOException e) {
            throw new CliFailure("Could not open syslog: " + e.getMessage() + "\n");
        }
    }

    private static InetSocketAddress address(String target) throws CliFailure {
        int colon = target.lastIndexOf(':');
        String port = colon < 0 ? "" : target.substring(colon + 1);
        if (colon <= 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new CliFailure("Invalid " + TARGET_ENV + " value '" + target + "', expecting <host>:<port>!\n");
        }
        return new InetSocketAddress(target.substring(0, colon), Integer.parseInt(port));
    }

    @Override
    public void log(Severity severity, String text) {
        for (String line : text.replace("\r", "").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                transport.send(FACILITY_USER * 8 + severity.code(), line);
            } catch (IOException lost) {
                // Like syslog(3): a message the daemon does not take is lost, and a kick loop goes on.
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    /** RFC 3164 datagrams without the host name, as glibc's syslog(3) writes them to the local daemon. */
    private static final class Udp implements Transport {
        private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss",
                Locale.ENGLISH);

        private final DatagramSocket socket;
        private final InetSocketAddress target;

        Udp(InetSocketAddress target) throws IOException {
            this.socket = new DatagramSocket();
            this.target = target;
        }

        @Override
        public void send(int priority, String line) throws IOException {
            byte[] datagram = ("<" + priority + ">" + TIMESTAMP.format(LocalDateTime.now()) + " " + TAG + ": " + line)
                    .getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(datagram, datagram.length, target));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** One {@code logger} process reading a line per message, each with its priority as a prefix. */
    private static final class LoggerCommand implements Transport {
        private final OutputStream lines;

        LoggerCommand() throws IOException {
            Process logger = new ProcessBuilder("logger", "--prio-prefix", "--tag", TAG)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            this.lines = logger.getOutputStream();
        }

        @Override
        public void send(int priority, String line) throws IOException {
            lines.write(("<" + priority + ">" + line + "\n").getBytes(StandardCharsets.UTF_8));
            lines.flush();
        }

        @Override
        public void close() {
            try {
                // logger sends what it has read and ends when its input ends.
                lines.close();
            } catch (IOException e) {
                // It has ended already.
            }
        }
    }
}
