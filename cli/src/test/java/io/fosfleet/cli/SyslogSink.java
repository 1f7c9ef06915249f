package io.fosfleet.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A UDP syslog receiver on loopback: what bnfos's {@code -s} sends when {@code BNFOS_SYSLOG} points here. */
final class SyslogSink implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    SyslogSink() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread receiver = new Thread(this::receive, "syslog-sink");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The value of {@code BNFOS_SYSLOG} that sends here. */
    String target() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Every datagram received so far, e.g. {@code <13>Nov 27 18:16:00 bnfos: Ping succeeded!}. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    /** The messages without the timestamp: {@code <13>bnfos: Ping succeeded!}. */
    List<String> withoutTimestamps() {
        return messages().stream().map(m -> m.replaceFirst("^(<\\d+>)[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ",
                "$1")).toList();
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            messages.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
