package io.fosfleet.heartbeat.bench;

import io.fosfleet.heartbeat.HeartbeatMetrics;
import io.fosfleet.heartbeat.kick.KickScheduler;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kicks N devices every interval from one KickScheduler (the service's kick loop and its own socket, with the
 * service's meters in a Prometheus registry as the service runs them, without Kafka, which the loop never waits for)
 * and reports schedule deviation, missed and unanswered kicks, CPU of the whole process per kick, and heap per kicked
 * pair after GC.
 *
 * <p>Usage: {@code java -cp ... KickBench.java <interval-ms> <warmup-s> <measure-s> <count>/<first-address>/<first-mac>...}
 * (one group per simulator process: consecutive addresses and MACs, as {@code simulator.jar --count} makes them).
 * A group {@code <count>/<address>/<first-mac>/one} kicks consecutive MACs all at one address: for an echo responder
 * bound to 0.0.0.0, which answers from the address routing picks, so only a kick to 127.0.0.1 gets its reply from the
 * address kicked (the kick loop takes replies only from there). The devices' port is 50123, or the system property
 * {@code fosfleet.bench.port}. The last line is one machine-readable {@code RESULT key=value ...} line.
 */
public final class KickBench {

    /** Deviation buckets, ms. */
    private static final List<Double> BUCKETS_MS = List.of(0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0,
            30.0, 50.0, 100.0, 200.0, 500.0, 1000.0);

    public static void main(String[] args) throws Exception {
        Duration interval = Duration.ofMillis(Long.parseLong(args[0]));
        Duration warmup = Duration.ofSeconds(Long.parseLong(args[1]));
        Duration measure = Duration.ofSeconds(Long.parseLong(args[2]));

        int port = Integer.getInteger("fosfleet.bench.port", Gbl4Client.PORT);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // One histogram for the whole run (no decay), so the warm-up can be subtracted bucket by bucket.
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(io.micrometer.core.instrument.Meter.Id id,
                    DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().expiry(Duration.ofHours(1))
                        .serviceLevelObjectives(BUCKETS_MS.stream().mapToDouble(ms -> ms * 1e6).toArray()).build()
                        .merge(config);
            }
        });
        HeartbeatMetrics metrics = new HeartbeatMetrics(registry);
        LongAdder answered = new LongAdder();
        LongAdder failed = new LongAdder();
        List<KickScheduler.Handle> handles = new ArrayList<>();
        long heapAtZero = heapAfterGc();
        try (KickScheduler kicks = KickScheduler.open(Gbl4Client.Options.defaults()
                     .withTimeout(Duration.ofMillis(500)).withRetries(1).withPort(port), metrics)) {
            for (int g = 3; g < args.length; g++) {
                String[] group = args[g].split("/");
                Ipv4Address address = Ipv4Address.parse(group[1]);
                byte[] mac = MacAddress.parse(group[2]).octets();
                boolean oneAddress = group.length > 3 && group[3].equals("one");
                for (int i = 0; i < Integer.parseInt(group[0]); i++) {
                    handles.add(kicks.start("bench-" + address + "-" + MacAddress.of(mac), address.toInetAddress(),
                            MacAddress.of(mac), interval, (ok, detail) -> (ok ? answered : failed).increment()));
                    if (!oneAddress) {
                        address = next(address);
                    }
                    increment(mac);
                }
            }
            int count = handles.size();
            Thread.sleep(warmup.toMillis());
            Counts before = Counts.now(registry, metrics, answered, failed);
            Thread.sleep(measure.toMillis());
            Counts after = Counts.now(registry, metrics, answered, failed);
            // the handles and everything the loop holds for them are still referenced here
            double heapPerPair = (heapAfterGc() - heapAtZero) / (double) count;
            handles.forEach(KickScheduler.Handle::cancel);

            double kicksSent = after.sent - before.sent;
            double expected = count * (measure.toMillis() / (double) interval.toMillis());
            System.out.printf("devices %d, interval %d ms, measured %d s after %d s warm-up%n", count,
                    interval.toMillis(), measure.toSeconds(), warmup.toSeconds());
            System.out.printf("kicks sent %.0f (schedule: %.0f), answered %.0f, unanswered %.0f, missed slots %.0f%n",
                    kicksSent, expected, after.answered - before.answered, after.failed - before.failed,
                    after.missed - before.missed);
            // A timer's max cannot be split at the end of the warm-up like the buckets can.
            System.out.printf("schedule deviation: p50 <= %.2f ms, p99 <= %.2f ms, p99.9 <= %.2f ms, "
                    + "max %.2f ms (whole run, warm-up included)%n",
                    percentile(before.histogram, after.histogram, 0.50),
                    percentile(before.histogram, after.histogram, 0.99),
                    percentile(before.histogram, after.histogram, 0.999),
                    after.snapshot.max(java.util.concurrent.TimeUnit.MILLISECONDS));
            double cpuMillis = (after.cpuNanos - before.cpuNanos) / 1e6;
            System.out.printf("CPU %.0f ms over %d s = %.1f %% of one core; %.1f ms CPU per 1,000 kicks%n",
                    cpuMillis, measure.toSeconds(), 100 * cpuMillis / measure.toMillis(), 1000 * cpuMillis / kicksSent);
            System.out.printf("heap per kicked pair after GC: %.0f bytes%n", heapPerPair);
            System.out.printf(java.util.Locale.ROOT, "RESULT pairs=%d sent=%.0f expected=%.0f answered=%.0f "
                    + "unanswered=%.0f missed=%.0f p99_ms=%.2f p999_ms=%.2f cpu_us_per_kick=%.2f cpu_pct=%.1f "
                    + "heap_bytes_per_pair=%.0f%n", count, kicksSent, expected, after.answered - before.answered,
                    after.failed - before.failed, after.missed - before.missed,
                    percentile(before.histogram, after.histogram, 0.99),
                    percentile(before.histogram, after.histogram, 0.999), 1000 * cpuMillis / kicksSent,
                    100 * cpuMillis / measure.toMillis(), heapPerPair);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The smallest bucket bound under which {@code q} of the measured (after minus before) samples fall, in ms. */
    private static double percentile(CountAtBucket[] before, CountAtBucket[] after, double q) {
        double total = after[after.length - 1].count() - before[before.length - 1].count();
        for (int i = 0; i < after.length; i++) {
            if (after[i].count() - before[i].count() >= q * total) {
                return after[i].bucket(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private record Counts(double sent, double answered, double failed, double missed, long cpuNanos,
            HistogramSnapshot snapshot, CountAtBucket[] histogram) {

        static Counts now(MeterRegistry registry, HeartbeatMetrics metrics, LongAdder answered,
                LongAdder failed) {
            HistogramSnapshot s = metrics.kickDeviation().takeSnapshot();
            return new Counts(registry.get("fosfleet.heartbeat.kicks.sent").counter().count(), answered.sum(),
                    failed.sum(), registry.get("fosfleet.heartbeat.kicks.missed").counter().count(),
                    ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos(), s, s.histogramCounts());
        }
    }

    private static Ipv4Address next(Ipv4Address a) {
        int bits = a.bits() + 1;
        while ((bits & 0xff) == 0 || (bits & 0xff) == 0xff) {
            bits++;
        }
        return new Ipv4Address(bits);
    }

    private static void increment(byte[] octets) {
        for (int i = octets.length - 1; i >= 0; i--) {
            if (++octets[i] != 0) {
                return;
            }
        }
    }
}
