package io.fosfleet.alert.event;

import io.fosfleet.alert.event.AlertEvent.Placement;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceId;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each device sits (pair, site, rack, maintenance) and its pair's failover policy and fast-failover option, as
 * last published on {@code fos.config}.
 */
@ApplicationScoped
public class Inventory {

    private final Map<DeviceId, Placement> placements = new ConcurrentHashMap<>();

    public void apply(ConfigRecord record) {
        if (record.type() == ConfigRecord.Type.DELETED) {
            placements.remove(record.deviceId());
            return;
        }
        var pair = record.pair();
        placements.put(record.deviceId(), new Placement(pair == null ? null : pair.pairId(), record.device().site(),
                record.device().rack(), pair != null && pair.maintenance(), pair == null ? null : pair.failoverPolicy(),
                pair != null && pair.fastFailover()));
    }

    public void remove(DeviceId deviceId) {
        placements.remove(deviceId);
    }

    public Placement of(DeviceId deviceId) {
        return placements.getOrDefault(deviceId, Placement.UNKNOWN);
    }

    /** Devices whose pair is in maintenance, with their placement. */
    public Map<DeviceId, Placement> inMaintenance() {
        Map<DeviceId, Placement> result = new TreeMap<>(Comparator.comparing(DeviceId::value));
        placements.forEach((id, p) -> {
            if (p.maintenance()) {
                result.put(id, p);
            }
        });
        return result;
    }
}
