package io.fosfleet.gateway.discovery;

import io.fosfleet.events.Command;
import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.ScanResult;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * GBL4 discovery on request: scans one host, an address range or a broadcast address and describes every berofos that
 * answered, as command result details ({@code found}, then {@code device.<mac>.<field>}).
 */
public final class Discovery {

    private final Gbl4Client gbl4;
    private final GatewayConfig config;

    public Discovery(Gbl4Client gbl4, GatewayConfig config) {
        this.gbl4 = gbl4;
        this.config = config;
    }

    /**
     * Scans what the command names: its host (an address or name), its range, or its broadcast address
     * (255.255.255.255 when none of the three is given).
     *
     * @throws InvalidValueException when the host does not resolve or the range is too large; nothing is sent
     */
    public CompletableFuture<Map<String, String>> scan(Command.Scan parameters) {
        Gbl4Client.Options options = Gbl4Client.Options.defaults().withTimeout(config.discovery().timeout())
                .withPort(config.gbl4().port());
        List<InetAddress> targets = targets(parameters);
        List<CompletableFuture<ScanResult>> scans = new ArrayList<>();
        for (InetAddress target : targets) {
            scans.add(gbl4.scan(target, options));
        }
        return CompletableFuture.allOf(scans.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<MacAddress, DeviceInfo> found = new TreeMap<>();
            Map<MacAddress, Set<InetAddress>> from = new HashMap<>();
            scans.forEach(s -> s.join().found().forEach(f -> {
                found.putIfAbsent(f.mac(), f.info());
                from.computeIfAbsent(f.mac(), m -> new LinkedHashSet<>()).addAll(f.from());
            }));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("found", Integer.toString(found.size()));
            details.put("scanned", targets.size() == 1 ? targets.get(0).getHostAddress() : targets.size() + " hosts");
            found.forEach((mac, info) -> {
                String prefix = "device." + mac.toUpperCaseString() + ".";
                Set<InetAddress> senders = from.get(mac);
                if (senders.size() > 1) {
                    // Two devices with one MAC, or a forged reply: the operator must not take the first for granted.
                    details.put(prefix + "duplicateFrom", senders.stream().map(InetAddress::getHostAddress)
                            .collect(Collectors.joining(",")));
                }
                details.put(prefix + "address", info.address().toString());
                details.put(prefix + "netmask", info.netmask().toString());
                details.put(prefix + "gateway", info.gateway().toString());
                details.put(prefix + "httpPort", Integer.toString(info.httpPort()));
                details.put(prefix + "firmware", info.firmwareMajor() + "." + info.firmwareMinor());
                details.put(prefix + "mode", info.flashMode() ? "FLASH" : "OPERATIONAL");
                details.put(prefix + "dhcp", info.netConf().dhcp() ? "1" : "0");
            });
            return details;
        });
    }

    private List<InetAddress> targets(Command.Scan scan) {
        if (scan.host() != null) {
            try {
                return List.of(InetAddress.getByName(scan.host()));
            } catch (UnknownHostException e) {
                throw new InvalidValueException(Command.Scan.HOST, scan.host(), "an address or a host name that resolves");
            }
        }
        if (scan.range() != null) {
            return range(scan.range());
        }
        return List.of((scan.broadcast() == null ? Ipv4Address.BROADCAST : scan.broadcast()).toInetAddress());
    }

    private List<InetAddress> range(Command.Scan.Range range) {
        if (range.size() > config.discovery().maxHosts()) {
            throw new InvalidValueException(Command.Scan.RANGE, range.text(), "a.b.c.d-e.f.g.h or a.b.c.d/nn, at most "
                    + config.discovery().maxHosts() + " addresses");
        }
        List<InetAddress> hosts = new ArrayList<>();
        for (long a = Integer.toUnsignedLong(range.first().bits()); a <= Integer.toUnsignedLong(range.last().bits());
             a++) {
            hosts.add(new Ipv4Address((int) a).toInetAddress());
        }
        return hosts;
    }
}
