package io.fosfleet.testing.sinks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A mail server for tests: accepts plain SMTP on a loopback port, takes every mail, keeps it in memory and lets a
 * test wait for it. No TLS, no relaying — just what a device or a service sends. {@link #startOfferingAuth()} gives
 * one that offers AUTH PLAIN without STARTTLS, as a downgrading attacker would: it accepts any credentials and records
 * every command line, so a test can check that no password was sent in clear.
 */
public final class SmtpSink implements AutoCloseable {

    /**
     * A received mail.
     *
     * @param client the address the mail came from
     * @param data the message as sent after DATA (headers, empty line, body), dot-stuffing undone, CRLF line ends
     */
    public record Mail(InetSocketAddress client, String from, List<String> to, String data) {

        /** The first header of this name (case-insensitive), unfolded (RFC 5322 2.2.3), or empty. */
        public String header(String name) {
            int end = data.indexOf("\r\n\r\n");
            String headers = (end < 0 ? data : data.substring(0, end)).replaceAll("\r\n[ \t]+", " ");
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        public String subject() {
            return header("Subject");
        }

        /** The text after the headers. */
        public String body() {
            int end = data.indexOf("\r\n\r\n");
            return end < 0 ? "" : data.substring(end + 4);
        }
    }

    private final ServerSocket server;
    private final boolean offersAuth;
    private final List<Mail> mails = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();

    private SmtpSink(ServerSocket server, boolean offersAuth) {
        this.server = server;
        this.offersAuth = offersAuth;
        Thread acceptor = new Thread(this::accept, "smtp-sink-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free port of 127.0.0.1. */
    public static SmtpSink start() throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static SmtpSink start(InetSocketAddress address) throws IOException {
        return start(address, false);
    }

    /** Listens on a free port of 127.0.0.1 and offers AUTH PLAIN, without STARTTLS. */
    public static SmtpSink startOfferingAuth() throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
    }

    private static SmtpSink start(InetSocketAddress address, boolean offersAuth) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(address);
        return new SmtpSink(server, offersAuth);
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    /** {@code host:port}, e.g. to configure as a mail server. */
    public String hostAndPort() {
        return address().getHostAddress() + ":" + port();
    }

    /** Every mail received so far, in order. */
    public synchronized List<Mail> mails() {
        return List.copyOf(mails);
    }

    /** Every command line received so far (AUTH and its continuation lines included; not the mail data), in order. */
    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * Waits for the first mail, received before or during the wait, that matches.
     *
     * @throws AssertionError when none arrives in time, listing what did arrive
     */
    public synchronized Mail await(Predicate<Mail> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Mail m : mails) {
                if (matching.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching mail within " + timeout + "; received: " + mails);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the first mail with this subject. */
    public Mail awaitSubject(String subject, Duration timeout) throws InterruptedException {
        return await(m -> m.subject().equals(subject), timeout);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> converse(client), "smtp-sink-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("SmtpSink: accept failed: " + e);
                }
            }
        }
    }

    private void converse(Socket client) {
        try (client;
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(30_000);
            say(out, "220 fosfleet-smtp-sink ESMTP");
            String from = null;
            List<String> to = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                recordCommand(line);
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO")) {
                    say(out, "250-fosfleet-smtp-sink\r\n" + (offersAuth ? "250-AUTH PLAIN\r\n" : "") + "250 8BITMIME");
                } else if (offersAuth && command.startsWith("AUTH PLAIN")) {
                    if (command.equals("AUTH PLAIN")) {
                        say(out, "334 ");
                        String credentials = in.readLine();
                        if (credentials == null) {
                            return;
                        }
                        recordCommand(credentials);
                    }
                    say(out, "235 2.7.0 authenticated");
                } else if (command.startsWith("HELO")) {
                    say(out, "250 fosfleet-smtp-sink");
                } else if (command.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    to = new ArrayList<>();
                    say(out, "250 OK");
                } else if (command.startsWith("RCPT TO:")) {
                    to.add(address(line.substring(8)));
                    say(out, "250 OK");
                } else if (command.equals("DATA")) {
                    if (from == null || to.isEmpty()) {
                        say(out, "503 MAIL FROM and RCPT TO first");
                        continue;
                    }
                    say(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
                    }
                    received(new Mail((InetSocketAddress) client.getRemoteSocketAddress(), from, List.copyOf(to),
                            data.toString()));
                    from = null;
                    say(out, "250 OK queued");
                } else if (command.equals("RSET")) {
                    from = null;
                    to = new ArrayList<>();
                    say(out, "250 OK");
                } else if (command.equals("NOOP")) {
                    say(out, "250 OK");
                } else if (command.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "502 command not implemented");
                }
            }
        } catch (SocketException closed) {
            // The client hung up or the sink was closed: nothing to keep.
        } catch (IOException e) {
            System.err.println("SmtpSink: conversation failed: " + e);
        }
    }

    private synchronized void recordCommand(String line) {
        commands.add(line);
    }

    private synchronized void received(Mail mail) {
        mails.add(mail);
        notifyAll();
    }

    private static String address(String path) {
        return path.trim().replaceFirst("^<", "").replaceFirst(">.*$", "");
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
