package io.fosfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Broadcast discovery on a real Ethernet segment: two network namespaces joined by a veth pair, the simulator in one
 * (three devices on the segment), a broadcast scan from the other. Skipped, saying why, where namespaces cannot be
 * created (not root, no iproute2, no kernel support).
 */
class BroadcastDiscoveryTest {

    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private final String simulatorNs = "fos-sim-" + id;
    private final String scannerNs = "fos-scan-" + id;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void segment() throws Exception {
        String why = run("ip", "netns", "add", simulatorNs);
        assumeTrue(why == null, () -> "network namespaces unavailable, broadcast discovery not tested: " + why);
        require("ip", "netns", "add", scannerNs);
        require("ip", "link", "add", "fa" + id, "type", "veth", "peer", "name", "fb" + id);
        require("ip", "link", "set", "fa" + id, "netns", simulatorNs);
        require("ip", "link", "set", "fb" + id, "netns", scannerNs);
        // 198.18.0.0/15 is reserved for network tests; it exists only inside these two namespaces.
        for (String address : List.of("198.18.0.1/24", "198.18.0.11/24", "198.18.0.12/24", "198.18.0.13/24")) {
            require("ip", "-n", simulatorNs, "addr", "add", address, "dev", "fa" + id);
        }
        require("ip", "-n", scannerNs, "addr", "add", "198.18.0.2/24", "dev", "fb" + id);
        for (String[] link : new String[][] {{simulatorNs, "fa" + id}, {scannerNs, "fb" + id}}) {
            require("ip", "-n", link[0], "link", "set", link[1], "up");
            require("ip", "-n", link[0], "link", "set", "lo", "up");
        }
        // A route for 255.255.255.255 out of the scanner's side of the cable.
        require("ip", "-n", scannerNs, "route", "add", "default", "dev", "fb" + id);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process child : children) {
            child.destroy();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        // Deleting a namespace deletes its end of the veth pair, and with it the other end.
        run("ip", "netns", "del", simulatorNs);
        run("ip", "netns", "del", scannerNs);
    }

    @Test
    @Timeout(60)
    void aBroadcastScanFromAnotherHostFindsEveryDeviceOnTheSegment() throws Exception {
        Process simulator = java(simulatorNs, SimulatorMain.class.getName(), "--count", "3", "--first-address",
                "198.18.0.11", "--first-mac", "00:19:32:00:01:01", "--http-port", "8080", "--control-port", "-1");
        awaitLine(simulator, "simulator ready");

        Process scanner = java(scannerNs, BroadcastScan.class.getName(), "1500");
        List<String> found = scanner.inputReader(StandardCharsets.UTF_8).lines().toList();
        assertThat(scanner.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(found).containsExactlyInAnyOrder(
                "00:19:32:00:01:01 198.18.0.11 operational",
                "00:19:32:00:01:02 198.18.0.12 operational",
                "00:19:32:00:01:03 198.18.0.13 operational");
    }

    /** Starts a JVM with this test's classpath inside a namespace; its stderr goes to this test's output. */
    private Process java(String namespace, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(process);
        return process;
    }

    private static void awaitLine(Process process, String start) throws IOException, InterruptedException {
        BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(start)) {
                return;
            }
        }
        process.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("the simulator ended without saying '" + start + "'"
                + (process.isAlive() ? "" : ", exit code " + process.exitValue()));
    }

    private static void require(String... command) throws Exception {
        String failure = run(command);
        if (failure != null) {
            throw new AssertionError(failure);
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? null : String.join(" ", command) + " failed: " + output;
    }
}
