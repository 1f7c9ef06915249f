package io.fosfleet.testing.sinks;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A syslog server for tests: receives UDP datagrams on a loopback port, keeps them, lets a test wait for one. */
public final class SyslogListener implements AutoCloseable {

    /** One datagram as received: who sent it, its text (the whole datagram), when it came. */
    public record Message(InetSocketAddress source, String text, Instant received) {
    }

    private final DatagramSocket socket;
    private final List<Message> messages = new ArrayList<>();

    private SyslogListener(DatagramSocket socket) {
        this.socket = socket;
        Thread receiver = new Thread(this::receive, "syslog-listener-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Listens on a free port of 127.0.0.1. */
    public static SyslogListener start() throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static SyslogListener start(InetSocketAddress address) throws IOException {
        return new SyslogListener(new DatagramSocket(address));
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetAddress address() {
        return socket.getLocalAddress();
    }

    /** Every message received so far, in order. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /**
     * Waits for the first message, received before or during the wait, that matches.
     *
     * @throws AssertionError when none arrives in time, listing what did arrive
     */
    public synchronized Message await(Predicate<Message> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message m : messages) {
                if (matching.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching syslog message within " + timeout + "; received: "
                        + messages.stream().map(Message::text).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the first message whose text contains {@code text}. */
    public Message awaitContaining(String text, Duration timeout) throws InterruptedException {
        return await(m -> m.text().contains(text), timeout);
    }

    /** Forgets what was received so far. */
    public synchronized void clear() {
        messages.clear();
    }

    @Override
    public void close() {
        socket.close();
    }

    private void receive() {
        byte[] buffer = new byte[8192];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                System.err.println("SyslogListener: receive failed: " + e);
                continue;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            synchronized (this) {
                messages.add(new Message((InetSocketAddress) packet.getSocketAddress(), text, Instant.now()));
                notifyAll();
            }
        }
    }
}
