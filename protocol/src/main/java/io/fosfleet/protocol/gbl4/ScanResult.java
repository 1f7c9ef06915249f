package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.MacAddress;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a scan found: one entry per MAC, in order of arrival, each with every address that answered for that MAC.
 *
 * <p>A MAC that answered from two or more addresses is a duplicate: two devices with the same MAC, or someone
 * answering in a device's name. The first reply is the one reported; {@link #duplicates()} lists the suspects.
 */
public record ScanResult(List<Found> found) {

    public ScanResult {
        found = List.copyOf(found);
    }

    /**
     * One MAC and what it said about itself (its first reply).
     *
     * @param from every address a reply for this MAC came from, first one first
     */
    public record Found(DeviceInfo info, Set<InetAddress> from) {

        public Found {
            // keeps the order of arrival, which Set.copyOf would not
            from = Collections.unmodifiableSet(new LinkedHashSet<>(from));
        }

        public MacAddress mac() {
            return info.mac();
        }

        /** The MAC answered from more than one address. */
        public boolean duplicate() {
            return from.size() > 1;
        }
    }

    /** What each device said about itself, one per MAC, in order of arrival. */
    public List<DeviceInfo> devices() {
        return found.stream().map(Found::info).toList();
    }

    /** The MACs that answered from more than one address. */
    public List<Found> duplicates() {
        return found.stream().filter(Found::duplicate).toList();
    }
}
