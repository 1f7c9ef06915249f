package io.fosfleet.alert.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A syslog server over TCP with octet-counted framing (RFC 6587 §3.4.1): {@code LEN SP MSG}, nothing else accepted. */
public final class TcpSyslogListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    public TcpSyslogListener() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "tcp-syslog-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public synchronized List<String> messages() {
        if (!errors.isEmpty()) {
            throw new AssertionError("bad framing: " + errors);
        }
        return List.copyOf(messages);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> read(s), "tcp-syslog-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream())) {
            while (true) {
                ByteArrayOutputStream len = new ByteArrayOutputStream();
                int c = in.read();
                if (c < 0) {
                    return;
                }
                while (c != ' ') {
                    if (c < '0' || c > '9' || len.size() > 6 || (len.size() == 0 && c == '0')) {
                        synchronized (this) {
                            errors.add("octet count contains '" + (char) c + "'");
                        }
                        return;
                    }
                    len.write(c);
                    c = in.read();
                }
                byte[] msg = new byte[Integer.parseInt(len.toString(StandardCharsets.US_ASCII))];
                in.readFully(msg);
                synchronized (this) {
                    messages.add(new String(msg, StandardCharsets.UTF_8));
                }
            }
        } catch (EOFException e) {
            synchronized (this) {
                errors.add("connection closed inside a frame");
            }
        } catch (IOException e) {
            // the sender went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
