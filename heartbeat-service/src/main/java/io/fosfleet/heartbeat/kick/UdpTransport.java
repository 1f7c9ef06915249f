package io.fosfleet.heartbeat.kick;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

/** The kick loop's own UDP socket, non-blocking: the loop drains it each tick instead of a thread waiting on it. */
final class UdpTransport implements KickScheduler.Transport {

    private static final System.Logger LOG = System.getLogger(UdpTransport.class.getName());
    /** Asked for so that a whole fleet's acknowledgements fit between two ticks; the kernel may cap it. */
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final int SEND_BUFFER = 1 << 20;
    /** How often a send waits 50 µs for room in a full send buffer before the kick counts as not sent. */
    private static final int SEND_ATTEMPTS = 20;

    private final DatagramChannel channel;
    /** Direct buffers of our own: a heap buffer would be copied through a per-thread temporary one on every call. */
    private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);

    private UdpTransport(DatagramChannel channel) {
        this.channel = channel;
    }

    /** An ephemeral port of every local IPv4 address, as the reference tool uses. */
    static UdpTransport open() throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            channel.bind(new InetSocketAddress(0));
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new UdpTransport(channel);
    }

    @Override
    public String send(byte[] datagram, InetSocketAddress target) {
        try {
            for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
                out.clear();
                out.put(datagram).flip();
                if (channel.send(out, target) > 0) {
                    return null;
                }
                LockSupport.parkNanos(50_000);
            }
            return "cannot send to " + target.getAddress().getHostAddress() + ": the send buffer stayed full";
        } catch (PortUnreachableException e) {
            // An ICMP answer to an earlier datagram; nothing listens there, which the timeout reports.
            LOG.log(System.Logger.Level.DEBUG, "port unreachable reported while sending to {0}", target);
            return null;
        } catch (IOException e) {
            return "cannot send to " + target.getAddress().getHostAddress() + ": " + e.getMessage();
        }
    }

    @Override
    public InetSocketAddress receive(ByteBuffer buffer) throws IOException {
        while (true) {
            in.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(in);
            } catch (PortUnreachableException e) {
                continue;   // an ICMP answer to an earlier kick: the next datagram
            }
            if (from != null) {
                in.flip();
                buffer.put(in.limit(Math.min(in.limit(), buffer.remaining())));
            }
            return from;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the kick socket failed", e);
        }
    }
}
