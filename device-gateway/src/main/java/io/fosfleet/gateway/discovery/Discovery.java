package io.fosfleet.gateway.discovery;

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
     * Scans what the parameters name: {@code host} (an address or name), {@code range} ({@code a.b.c.d-e.f.g.h} or
     * {@code a.b.c.d/nn}), or {@code broadcast} (an address, 255.255.255.255 when none of the three is given).
     *
     * @throws InvalidValueException when a parameter is not valid; nothing is sent
     */
    public CompletableFuture<Map<String, String>> scan(Map<String, String> parameters) {
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

    private List<InetAddress> targets(Map<String, String> p) {
        if (p.containsKey("host")) {
            try {
                return List.of(InetAddress.getByName(p.get("host")));
            } catch (UnknownHostException e) {
                throw new InvalidValueException("host", p.get("host"), "an address or a host name that resolves");
            }
        }
        if (p.containsKey("range")) {
            return range(p.get("range"));
        }
        String broadcast = p.getOrDefault("broadcast", Ipv4Address.BROADCAST.toString());
        return List.of(Ipv4Address.parse(broadcast).toInetAddress());
    }

    private List<InetAddress> range(String text) {
        String allowed = "a.b.c.d-e.f.g.h or a.b.c.d/nn, at most " + config.discovery().maxHosts() + " addresses";
        long first;
        long last;
        try {
            if (text.contains("/")) {
                String[] parts = text.split("/", 2);
                int prefix = Integer.parseInt(parts[1]);
                if (prefix < 0 || prefix > 32) {
                    throw new InvalidValueException("range", text, allowed);
                }
                long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
                first = Integer.toUnsignedLong(Ipv4Address.parse(parts[0]).bits()) & mask;
                last = first | (~mask & 0xffffffffL);
            } else {
                String[] parts = text.split("-", 2);
                if (parts.length != 2) {
                    throw new InvalidValueException("range", text, allowed);
                }
                first = Integer.toUnsignedLong(Ipv4Address.parse(parts[0].trim()).bits());
                last = Integer.toUnsignedLong(Ipv4Address.parse(parts[1].trim()).bits());
            }
        } catch (NumberFormatException | InvalidValueException e) {
            throw new InvalidValueException("range", text, allowed);
        }
        if (last < first || last - first + 1 > config.discovery().maxHosts()) {
            throw new InvalidValueException("range", text, allowed);
        }
        List<InetAddress> hosts = new ArrayList<>();
        for (long a = first; a <= last; a++) {
            hosts.add(new Ipv4Address((int) a).toInetAddress());
        }
        return hosts;
    }
}
