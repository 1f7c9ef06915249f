package io.fosfleet.protocol.gbl4;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for devices: a UDP socket on 127.0.0.1 that decodes each GBL4 request, records it and sends back
 * whatever datagrams the test's behaviour returns for it (none, several, damaged ones), to the request's source.
 */
final class UdpResponder implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final DatagramSocket socket;
    private final Function<Gbl4Request, List<byte[]>> behaviour;
    private final List<Gbl4Request> received = new ArrayList<>();
    private final Thread thread;

    /** Sends the forged replies from another address; null when there is no forger. */
    private volatile DatagramSocket forger;
    private volatile Function<Gbl4Request, List<byte[]>> forged = request -> List.of();

    private UdpResponder(InetAddress address, Function<Gbl4Request, List<byte[]>> behaviour) throws SocketException {
        this.behaviour = behaviour;
        this.socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setReceiveBufferSize(4 << 20);
        this.thread = new Thread(this::serve, "udp-responder");
        thread.setDaemon(true);
        thread.start();
    }

    static UdpResponder start(Function<Gbl4Request, List<byte[]>> behaviour) throws SocketException {
        return new UdpResponder(LOOPBACK, behaviour);
    }

    /** A responder on another loopback address, e.g. 127.0.1.1 (Linux routes all of 127/8 to the loopback). */
    static UdpResponder at(InetAddress address, Function<Gbl4Request, List<byte[]>> behaviour)
            throws SocketException {
        return new UdpResponder(address, behaviour);
    }

    /**
     * An attacker who sees each request: before the responder answers, {@code forged} replies go to the client from
     * a socket on {@code from}, a different address.
     */
    UdpResponder withForger(InetAddress from, Function<Gbl4Request, List<byte[]>> forged) throws SocketException {
        this.forger = new DatagramSocket(new InetSocketAddress(from, 0));
        this.forged = forged;
        return this;
    }

    /** Answers every request as a device in operational mode with this identity does. */
    static UdpResponder device(DeviceInfo identity) throws SocketException {
        return start(request -> List.of(Gbl4Frames.encode(answer(request, identity))));
    }

    /** The reply a healthy device sends for a request. */
    static Gbl4Reply answer(Gbl4Request request, DeviceInfo identity) {
        if (request instanceof Gbl4Request.Kick k) {
            return new Gbl4Reply.KickAck(k.mac(), k.flag());
        } else if (request instanceof Gbl4Request.Ping p) {
            return new Gbl4Reply.Pong(p.mac(), p.n());
        } else if (request instanceof Gbl4Request.Reset r) {
            return new Gbl4Reply.ResetAck(r.mac(), 0);
        } else if (request instanceof Gbl4Request.SetNetconf s) {
            return new Gbl4Reply.SetNetconfAck(s.mac(), 0);
        } else if (request instanceof Gbl4Request.FlashPrep f) {
            return new Gbl4Reply.FlashPrepAck(f.mac(), f.numPages(), f.crc());
        } else if (request instanceof Gbl4Request.FlashPage f) {
            return new Gbl4Reply.FlashPageAck(f.mac(), f.page());
        }
        return new Gbl4Reply.NetconfInfo(identity);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The requests received so far, in order. */
    List<Gbl4Request> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Gbl4Request request = Gbl4Frames.decodeRequest(packet.getData(), packet.getLength());
                synchronized (received) {
                    received.add(request);
                }
                DatagramSocket f = forger;
                if (f != null) {
                    for (byte[] reply : forged.apply(request)) {
                        f.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    }
                }
                List<byte[]> replies = behaviour.apply(request);
                for (int i = 0; i < replies.size(); i++) {
                    byte[] reply = replies.get(i);
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    if (i % 100 == 99) {
                        // Lets the client drain its socket when a test answers a whole fleet at once.
                        Thread.sleep(1);
                    }
                }
            } catch (Gbl4DecodeException e) {
                throw new AssertionError("the client sent an invalid datagram: " + e.getMessage(), e);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new AssertionError("responder failed", e);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        DatagramSocket f = forger;
        if (f != null) {
            f.close();
        }
    }
}
