package io.fosfleet.gateway.fleet;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.gateway.GatewayMetrics;
import io.fosfleet.gateway.device.DeviceContext;
import io.fosfleet.gateway.device.DeviceView;
import io.fosfleet.gateway.device.DeviceWorker;
import io.fosfleet.protocol.syslog.SyslogCode;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices this replica owns: those of its assigned {@code fos.config} partitions, each with its worker. Changed on
 * the device loop only; the device map may be read from any thread.
 */
public final class Fleet {

    private static final Logger LOG = Logger.getLogger(Fleet.class);

    private final DeviceContext ctx;
    private final Map<DeviceId, DeviceWorker> devices = new ConcurrentHashMap<>();
    /** Read by the syslog receiver's thread, so that datagrams from strangers never reach the device loop. */
    private final Map<InetAddress, DeviceWorker> byAddress = new ConcurrentHashMap<>();
    /** The last published state of each device of an assigned partition, until its configuration arrives. */
    private final Map<Integer, Map<DeviceId, DeviceState>> seeds = new HashMap<>();

    public Fleet(DeviceContext ctx, GatewayMetrics metrics) {
        this.ctx = ctx;
        metrics.ownedDevices(devices::size);
    }

    public DeviceWorker device(DeviceId id) {
        return devices.get(id);
    }

    public List<DeviceView> views() {
        List<DeviceView> views = new ArrayList<>();
        devices.values().forEach(d -> views.add(d.view()));
        views.sort(Comparator.comparing(DeviceView::deviceId));
        return views;
    }

    /** The states published for the devices of a partition just assigned, read before its configuration. */
    public void seed(int partition, Map<DeviceId, DeviceState> states) {
        seeds.put(partition, new HashMap<>(states));
    }

    /** A record of {@code fos.config}; null is a tombstone, which removes the device like DELETED. */
    public void apply(int partition, DeviceId id, ConfigRecord record) {
        DeviceWorker current = devices.get(id);
        if (record == null || record.type() == ConfigRecord.Type.DELETED) {
            if (current != null) {
                LOG.infof("%s: deleted from the fleet, no longer polled", id);
                remove(current);
            }
            return;
        }
        if (current != null) {
            unindex(current);
            current.update(record.device());
            index(current);
            return;
        }
        Optional<DeviceState> seed = Optional.ofNullable(seeds.getOrDefault(partition, Map.of()).remove(id));
        DeviceWorker worker = new DeviceWorker(ctx, record.device(), partition, seed);
        devices.put(id, worker);
        index(worker);
        LOG.debugf("%s: owned (partition %d)%s", id, partition, seed.isPresent() ? ", last state known" : "");
    }

    /** Stops the devices of partitions handed to another replica; completes when their running jobs have finished. */
    public CompletableFuture<Void> release(Collection<Integer> partitions) {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (DeviceWorker worker : List.copyOf(devices.values())) {
            if (partitions.contains(worker.partition())) {
                stopping.add(remove(worker));
            }
        }
        partitions.forEach(seeds::remove);
        if (!stopping.isEmpty()) {
            LOG.infof("released %d devices of partitions %s", stopping.size(), partitions);
        }
        return CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new));
    }

    /** Whether {@code sender} is the registered address of a device this replica owns; from any thread. */
    public boolean owns(InetAddress sender) {
        return byAddress.containsKey(sender);
    }

    /** A device syslog message; the sender's address says which device sent it (a hint, see DeviceWorker). */
    public boolean syslog(InetAddress sender, SyslogCode code) {
        DeviceWorker worker = byAddress.get(sender);
        if (worker == null) {
            return false;
        }
        worker.syslog(code);
        return true;
    }

    private CompletableFuture<Void> remove(DeviceWorker worker) {
        devices.remove(worker.id());
        unindex(worker);
        return worker.stop();
    }

    private void index(DeviceWorker worker) {
        if (worker.address() != null) {
            byAddress.put(worker.address(), worker);
        }
    }

    private void unindex(DeviceWorker worker) {
        if (worker.address() != null) {
            byAddress.remove(worker.address(), worker);
        }
    }
}
