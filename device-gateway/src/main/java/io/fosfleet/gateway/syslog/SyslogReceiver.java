package io.fosfleet.gateway.syslog;

import io.fosfleet.gateway.GatewayMetrics;
import io.fosfleet.gateway.fleet.Fleet;
import io.fosfleet.protocol.syslog.DeviceSyslog;
import io.fosfleet.protocol.syslog.SyslogCode;
import io.fosfleet.protocol.syslog.SyslogParseException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Receives the devices' own syslog messages on a UDP port, so that a change is read the moment the device says so,
 * not at its next poll. The sender's address names the device; a message is only a reason to poll that device (UDP
 * source addresses are easily forged). Datagrams from any other address — a device another replica owns, or no
 * device at all — are counted and dropped before they reach the device loop; they are logged at most once a minute.
 */
public final class SyslogReceiver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SyslogReceiver.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DatagramSocket socket;
    private final Fleet fleet;
    private final Executor loop;
    private final GatewayMetrics metrics;
    /** Only the receiver thread touches these. */
    private long strangers;
    private long nextStrangerLog = System.nanoTime();

    public SyslogReceiver(InetSocketAddress bind, Fleet fleet, Executor loop, GatewayMetrics metrics)
            throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.fleet = fleet;
        this.loop = loop;
        this.metrics = metrics;
        Thread receiver = new Thread(this::receive, "syslog-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
        LOG.infof("receiving device syslog on udp %s:%d", bind.getHostString(), socket.getLocalPort());
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                LOG.warnf("syslog receive failed: %s", e.getMessage());
                continue;
            }
            InetAddress sender = packet.getAddress();
            if (!fleet.owns(sender)) {
                stranger(sender);
                continue;
            }
            SyslogCode code;
            try {
                code = DeviceSyslog.parse(packet.getData(), packet.getLength());
            } catch (SyslogParseException e) {
                metrics.syslog("unparseable");
                LOG.debugf("syslog from %s ignored: %s", sender, e.getMessage());
                continue;
            }
            loop.execute(() -> metrics.syslog(fleet.syslog(sender, code) ? "handled" : "unowned"));
        }
    }

    private void stranger(InetAddress sender) {
        metrics.syslog("unowned");
        strangers++;
        long now = System.nanoTime();
        if (now - nextStrangerLog >= 0) {
            nextStrangerLog = now + LOG_EVERY_NANOS;
            LOG.infof("dropped %d syslog datagram(s) from addresses that are no device of this replica, the last from "
                    + "%s", strangers, sender.getHostAddress());
            strangers = 0;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
