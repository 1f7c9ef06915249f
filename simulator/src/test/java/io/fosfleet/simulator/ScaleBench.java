package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The scale figure of the README: starts N devices (default 1,000) in this JVM, measures start time and heap, then
 * has every device answer a scan, a config.txt read and kicks with the watchdog running, and measures again. Not a
 * test; run it by hand (command in the README) with {@code -Xmx512m}.
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$.4s %5$s%6$s%n");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Ipv4Address first = Ipv4Address.parse(args.length > 1 ? args[1] : "127.100.0.1");
        List<DeviceSpec> specs = DeviceSpec.rack(count, first, MacAddress.parse("00:19:32:10:00:01"), 8080,
                Map.of(Key.WDOGDEF, "1", Key.WDOGITIME, "30"));

        long start = System.nanoTime();
        try (Simulator sim = Simulator.start(SimulatorConfig.of(specs))) {
            long startMillis = (System.nanoTime() - start) / 1_000_000;
            long idleHeap = heapAfterGc();
            System.out.printf("%d devices started in %d ms; heap used after GC: %.1f MB of max %.0f MB; %d threads%n",
                    count, startMillis, idleHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6,
                    ManagementFactory.getThreadMXBean().getThreadCount());

            Gbl4Client.Options options = Gbl4Client.Options.defaults().withTimeout(Duration.ofSeconds(5));
            HttpDeviceClient http = new HttpDeviceClient(Duration.ofSeconds(10));
            Semaphore connections = new Semaphore(100);
            long load = System.nanoTime();
            int answered = 0;
            try (Gbl4Client gbl4 = Gbl4Client.open()) {
                List<CompletableFuture<?>> pending = new ArrayList<>();
                for (SimulatedDevice d : sim.devices()) {
                    pending.add(gbl4.getNetconf(d.address().toInetAddress(), d.mac(), options));
                }
                for (int round = 0; round < 3; round++) {
                    for (SimulatedDevice d : sim.devices()) {
                        pending.add(gbl4.kick(d.address().toInetAddress(), d.mac(), options));
                    }
                    Thread.sleep(1000);
                }
                for (SimulatedDevice d : sim.devices()) {
                    connections.acquire();
                    pending.add(http.readConfig(DeviceEndpoint.of(d.address().toString(), d.httpPort()))
                            .whenComplete((r, e) -> connections.release()));
                }
                for (CompletableFuture<?> f : pending) {
                    f.join();
                    answered++;
                }
            }
            long loadedHeap = heapAfterGc();
            System.out.printf("%d exchanges (1 scan, 3 kicks, 1 config.txt per device) answered in %d ms; "
                    + "heap used after GC: %.1f MB%n", answered, (System.nanoTime() - load) / 1_000_000,
                    loadedHeap / 1e6);
            long failed = sim.devices().stream().filter(d -> d.status().watchdogState() != 1).count();
            System.out.println("devices whose watchdog is not running: " + failed);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
