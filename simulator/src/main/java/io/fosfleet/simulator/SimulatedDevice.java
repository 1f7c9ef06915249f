package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.Gbl4DecodeException;
import io.fosfleet.protocol.gbl4.Gbl4Frames;
import io.fosfleet.protocol.gbl4.Gbl4Request;
import io.fosfleet.protocol.syslog.DeviceSyslog;
import io.fosfleet.protocol.syslog.SyslogCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One simulated berofos in a {@link Simulator}: its GBL4 socket on UDP 50123 and its web server, both on its own
 * address, its power switch (with the black key for flash mode) and its network conditions. The power methods block
 * until the device is up or down; call them from test or control threads, never from a Vert.x event loop.
 */
public final class SimulatedDevice {

    private static final Logger LOG = Logger.getLogger("io.fosfleet.simulator.device");

    private final Vertx vertx;
    private final MacAddress mac;
    private final Ipv4Address attachment;
    private final DeviceModel model;
    private final DeviceHttp http;
    private final StateStore store;
    private final Eeprom eeprom;

    private volatile DatagramSocket gbl4;
    private volatile HttpServer web;
    private volatile Ipv4Address boundAddress;
    private volatile NetworkConditions network = NetworkConditions.GOOD;
    private volatile HttpAuth httpAuth = HttpAuth.BASIC;
    private final AtomicLong watchdogTimer = new AtomicLong(-1);
    /** Power operations run one after the other, each when the previous one has finished binding or closing. */
    private Future<Void> lifecycle = Future.succeededFuture();

    SimulatedDevice(Vertx vertx, MacAddress mac, Ipv4Address attachment, Eeprom eeprom, StateStore store) {
        this.vertx = vertx;
        this.mac = mac;
        this.attachment = attachment;
        this.eeprom = eeprom;
        this.store = store;
        this.boundAddress = attachment;
        this.model = new DeviceModel(mac, attachment, eeprom, new Effects());
        this.http = new DeviceHttp(model, this, this::log);
    }

    public MacAddress mac() {
        return mac;
    }

    /** The address the device is reachable at: where its sockets are bound now, or were last. */
    public Ipv4Address address() {
        return boundAddress;
    }

    /** The port of its web server (the stored HTTP port as of the last power-up). */
    public int httpPort() {
        return model.runningHttpPort();
    }

    public DeviceStatus status() {
        return model.status(boundAddress, network);
    }

    /** A value as config.txt shows it now; null for keys config.txt does not show (the admin password). */
    public String value(Key key) {
        return model.values().get(key);
    }

    /** The image written by the last complete flash, if any (the shipped firmware has none). */
    public Optional<byte[]> firmwareImage() {
        return model.firmwareImage();
    }

    public void powerOff() {
        await(enqueue(this::doPowerOff), "power off");
    }

    /** Switches the device on, as operational (or in flash mode when it has no firmware). */
    public void powerOn() {
        await(enqueue(() -> doPowerOn(false)), "power on");
    }

    /** Switches off and on again: the power-up defaults apply, stored network settings take effect. */
    public void powerCycle() {
        await(powerCycleAsync(false), "power cycle");
    }

    /** Switches off and on again with the black key held: flash mode, GBL4 only. */
    public void bootFlashMode() {
        await(powerCycleAsync(true), "boot in flash mode");
    }

    /** How the web server challenges for the password while password protection is on (Basic by default). */
    public HttpAuth httpAuth() {
        return httpAuth;
    }

    /** Challenges with {@code auth} from now on; not stored across a restart of the simulator. */
    public void httpAuth(HttpAuth auth) {
        this.httpAuth = Objects.requireNonNull(auth, "auth");
        log("web server challenges with " + auth);
    }

    /** Changes how the device's network behaves from now on. */
    public void network(NetworkConditions conditions) {
        this.network = Objects.requireNonNull(conditions, "conditions");
        log("network: " + (conditions.cut() ? "cut" : conditions.dropPercent() + " % loss, "
                + conditions.latency().toMillis() + " ms latency"));
    }

    @Override
    public String toString() {
        return "fos " + boundAddress + " (" + mac + ")";
    }

    // ---- lifecycle (package: the simulator and the control API use the asynchronous forms) -------------------------

    Future<Void> powerOnAsync(boolean flashKey) {
        return enqueue(() -> doPowerOn(flashKey));
    }

    Future<Void> powerOffAsync() {
        return enqueue(this::doPowerOff);
    }

    Future<Void> powerCycleAsync(boolean flashKey) {
        return enqueue(() -> doPowerOff().compose(off -> doPowerOn(flashKey)));
    }

    private synchronized Future<Void> enqueue(Supplier<Future<Void>> operation) {
        lifecycle = lifecycle.transform(previous -> operation.get());
        return lifecycle;
    }

    private Future<Void> doPowerOn(boolean flashKey) {
        if (model.mode() != DeviceMode.OFF) {
            return Future.succeededFuture();
        }
        model.applyNetworkSettings();
        Ipv4Address wanted = model.runningAddress();
        return bindGbl4(wanted).recover(failure -> {
            if (wanted.equals(attachment)) {
                return Future.failedFuture(failure);
            }
            log("cannot use address " + wanted + " here (" + failure.getMessage() + "): reachable at " + attachment
                    + " instead");
            return bindGbl4(attachment);
        }).compose(socket -> {
            gbl4 = socket;
            boundAddress = Ipv4Address.parse(socket.localAddress().hostAddress());
            model.powerUp(flashKey);
            if (model.mode() != DeviceMode.OPERATIONAL) {
                return Future.succeededFuture();
            }
            return Binding.retrying(vertx, () -> {
                HttpServer server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
                        .requestHandler(this::onHttp);
                return server.listen(model.runningHttpPort(), boundAddress.toString());
            }).map(server -> {
                web = server;
                return (Void) null;
            });
        }).recover(failure -> doPowerOff().transform(off -> Future.failedFuture(new IllegalStateException(
                this + ": cannot power up: " + failure.getMessage(), failure))));
    }

    private Future<DatagramSocket> bindGbl4(Ipv4Address address) {
        return Binding.retrying(vertx, () -> {
            DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setBroadcast(true));
            socket.handler(this::onDatagram);
            return socket.listen(Gbl4Client.PORT, address.toString())
                    .recover(failure -> socket.close().transform(closed -> Future.failedFuture(failure)));
        });
    }

    private Future<Void> doPowerOff() {
        model.powerDown();
        DatagramSocket socket = gbl4;
        HttpServer server = web;
        gbl4 = null;
        web = null;
        Future<Void> udp = socket == null ? Future.succeededFuture() : socket.close();
        Future<Void> tcp = server == null ? Future.succeededFuture() : server.close();
        return Future.join(udp, tcp).mapEmpty();
    }

    // ---- network --------------------------------------------------------------------------------------------------

    private void onDatagram(DatagramPacket packet) {
        Buffer data = packet.data();
        Gbl4Request request;
        try {
            request = Gbl4Frames.decodeRequest(data.getBytes());
        } catch (Gbl4DecodeException e) {
            LOG.fine(() -> this + ": dropped a datagram from " + packet.sender() + ": " + e.getMessage());
            return;
        }
        receive(request, packet.sender());
    }

    /** A decoded GBL4 request that reached this device, to its address or by broadcast. */
    void receive(Gbl4Request request, SocketAddress sender) {
        if (lost()) {
            return;
        }
        String from = sender.hostAddress() + ":" + sender.port();
        model.handle(request, from).ifPresent(reply -> {
            Buffer datagram = Buffer.buffer(Gbl4Frames.encode(reply));
            later(() -> {
                DatagramSocket socket = gbl4;
                if (socket != null) {
                    socket.send(datagram, sender.port(), sender.hostAddress());
                }
            });
        });
    }

    private void onHttp(HttpServerRequest request) {
        if (lost()) {
            // Never answered, as if the request were lost on the way; the client gives up on its own.
            return;
        }
        later(() -> http.handle(request));
    }

    /** Whether the network loses this request (or message) now. */
    private boolean lost() {
        NetworkConditions n = network;
        return n.cut() || (n.dropPercent() > 0 && ThreadLocalRandom.current().nextInt(100) < n.dropPercent());
    }

    private void later(Runnable action) {
        long millis = network.latency().toMillis();
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, id -> action.run());
        }
    }

    void log(String message) {
        LOG.info(() -> this + ": " + message);
    }

    private static void await(Future<Void> future, String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(what + " blocks: use it from a test or control thread, not an event loop");
        }
        Simulator.await(future, what);
    }

    /** The device's effects on the world: real datagrams, mails, timers and files. */
    private final class Effects implements DeviceEffects {

        @Override
        public void syslog(SyslogCode code, Ipv4Address server, int port) {
            DatagramSocket socket = gbl4;
            if (socket == null || lost()) {
                return;
            }
            socket.send(Buffer.buffer(DeviceSyslog.datagram(code)), port, server.toString()).onFailure(e ->
                    LOG.log(Level.FINE, SimulatedDevice.this + ": syslog to " + server + ":" + port + " failed", e));
        }

        @Override
        public void mail(Mail mail) {
            if (network.cut()) {
                log("mail '" + mail.subject() + "' not sent: network cut");
                return;
            }
            SmtpMailer.send(vertx, boundAddress, model.hostname(), mail, SimulatedDevice.this::log);
        }

        @Override
        public void armWatchdog(long millis) {
            long id = vertx.setTimer(millis, fired -> model.expire());
            long previous = watchdogTimer.getAndSet(id);
            if (previous >= 0) {
                vertx.cancelTimer(previous);
            }
        }

        @Override
        public void cancelWatchdog() {
            long previous = watchdogTimer.getAndSet(-1);
            if (previous >= 0) {
                vertx.cancelTimer(previous);
            }
        }

        @Override
        public void persist() {
            if (store != null) {
                store.save(mac, eeprom);
            }
        }

        @Override
        public void log(String message) {
            SimulatedDevice.this.log(message);
        }
    }
}
