package io.fosfleet.simulator;

import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.Gbl4DecodeException;
import io.fosfleet.protocol.gbl4.Gbl4Frames;
import io.fosfleet.protocol.gbl4.Gbl4Request;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Virtual berofos devices and PBX nodes in one process, on one Vert.x instance: start it from a
 * {@link SimulatorConfig}, find devices by MAC and nodes by name, close it when done.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorConfig.of(DeviceSpec.rack(1, address, mac, 8080, Map.of())))) {
 *     SimulatedDevice fos = sim.device(mac);
 *     // talk to fos.address():50123 and fos.address():fos.httpPort()
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("io.fosfleet.simulator");
    private static final long TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final Map<MacAddress, SimulatedDevice> devices = new LinkedHashMap<>();
    private final Map<String, PbxNode> nodes = new LinkedHashMap<>();
    private DatagramSocket broadcast;
    private HttpServer control;

    private Simulator(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Starts every device (powered on) and node, and the control API when configured. Blocks until all listen.
     *
     * @throws IllegalStateException when an address or port cannot be bound (nothing is left running then)
     */
    public static Simulator start(SimulatorConfig config) {
        Simulator sim = new Simulator(Vertx.vertx(new VertxOptions().setPreferNativeTransport(false)));
        try {
            sim.startAll(config);
            return sim;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    private void startAll(SimulatorConfig config) {
        StateStore store = config.stateDir().map(StateStore::new).orElse(null);
        for (DeviceSpec spec : config.devices()) {
            Eeprom eeprom = store == null ? null : store.load(spec.mac()).orElse(null);
            if (eeprom == null) {
                eeprom = Eeprom.of(spec.initialSettings());
                if (store != null) {
                    store.save(spec.mac(), eeprom);
                }
            }
            devices.put(spec.mac(), new SimulatedDevice(vertx, spec.mac(), spec.address(), eeprom, store));
        }
        for (NodeSpec spec : config.nodes()) {
            nodes.put(spec.name(), new PbxNode(vertx, spec));
        }
        List<Future<?>> started = new ArrayList<>();
        devices.values().forEach(d -> started.add(d.powerOnAsync(false)));
        nodes.values().forEach(n -> started.add(n.startAsync(PbxNode.of())));
        await(Future.all(started).mapEmpty(), "starting " + devices.size() + " devices and " + nodes.size()
                + " nodes");
        listenForBroadcasts();
        if (config.controlPort() >= 0) {
            control = await(new ControlApi(vertx, this).listen(config.controlHost(), config.controlPort()),
                    "starting the control API");
        }
        LOG.info(() -> "simulator started: " + devices.size() + " devices, " + nodes.size() + " nodes"
                + (control == null ? "" : ", control API on http://" + config.controlHost() + ":"
                        + control.actualPort() + "/"));
    }

    /**
     * A scan or request sent to 255.255.255.255 reaches every device, as on a real Ethernet segment. The socket is
     * bound to the broadcast address itself, so it never takes a device's unicast datagrams; it is an IPv6 socket
     * because the JDK refuses to bind an IPv4 one to a broadcast address (the kernel maps it to ::ffff:255.255.255.255).
     */
    private void listenForBroadcasts() {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(true)
                .setReuseAddress(true).setBroadcast(true));
        socket.handler(packet -> {
            Gbl4Request request;
            try {
                request = Gbl4Frames.decodeRequest(packet.data().getBytes());
            } catch (Gbl4DecodeException e) {
                LOG.fine(() -> "dropped a broadcast datagram from " + packet.sender() + ": " + e.getMessage());
                return;
            }
            devices.values().forEach(d -> d.receive(request, packet.sender()));
        });
        try {
            await(socket.listen(Gbl4Client.PORT, "255.255.255.255"), "listening for broadcasts");
            broadcast = socket;
        } catch (IllegalStateException e) {
            LOG.warning("broadcast requests (scan without a host) will not reach the devices: " + e.getMessage());
            socket.close();
        }
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devices.values());
    }

    /** @throws NoSuchElementException when no device of this simulator has the MAC */
    public SimulatedDevice device(MacAddress mac) {
        SimulatedDevice d = devices.get(mac);
        if (d == null) {
            throw new NoSuchElementException("no simulated device has MAC " + mac);
        }
        return d;
    }

    public List<PbxNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** @throws NoSuchElementException when no node of this simulator has the name */
    public PbxNode node(String name) {
        PbxNode n = nodes.get(name);
        if (n == null) {
            throw new NoSuchElementException("no simulated PBX node is named " + name);
        }
        return n;
    }

    /** The control API's port, or -1 when it is not running. */
    public int controlPort() {
        return control == null ? -1 : control.actualPort();
    }

    /** Powers every device off, stops every node and the control API; blocks until all sockets are closed. */
    @Override
    public void close() {
        try {
            List<Future<?>> closing = new ArrayList<>();
            devices.values().forEach(d -> closing.add(d.powerOffAsync()));
            nodes.values().forEach(n -> closing.add(n.stopAsync(PbxNode.of())));
            if (broadcast != null) {
                closing.add(broadcast.close());
            }
            if (control != null) {
                closing.add(control.close());
            }
            await(Future.join(closing).mapEmpty(), "closing");
        } finally {
            await(vertx.close(), "closing Vert.x");
        }
    }

    /** Waits for a Vert.x future from a non-event-loop thread; failures become IllegalStateException. */
    static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IllegalStateException ise ? ise
                    : new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
