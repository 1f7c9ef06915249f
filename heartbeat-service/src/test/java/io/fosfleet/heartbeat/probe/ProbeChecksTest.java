package io.fosfleet.heartbeat.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import io.fosfleet.simulator.NodeSpec;
import io.fosfleet.simulator.PbxNode;
import io.fosfleet.simulator.PbxNode.Service;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of probe against a real target: a simulated PBX node, and a real SIP stack (sipp) where installed. */
class ProbeChecksTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static Vertx vertx;
    private static Simulator sim;
    private static PbxNode node;
    private static NodeSpec spec;
    private static PassiveHeartbeats heartbeats;
    private static ProbeChecks checks;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        spec = new NodeSpec("pbx-a", SimulatorConfig.randomLoopbackBlock(), 15038, 18088, 15060);
        sim = Simulator.start(SimulatorConfig.of(List.of()).withNodes(List.of(spec)));
        node = sim.node("pbx-a");
        heartbeats = new PassiveHeartbeats();
        checks = new ProbeChecks(vertx, heartbeats, Clock.systemUTC());
        // The first request of a JVM loads Vert.x's HTTP client and resolver, which can take longer than a timeout.
        checks.check(probe(Probe.Type.HTTP, spec.httpPort(), "/health", null), new PairConfig.Node("pbx-a",
                spec.address().toString())).join();
    }

    @AfterAll
    static void stop() {
        checks.close();
        sim.close();
        vertx.close();
    }

    private static CheckResult check(Probe probe) throws Exception {
        return checks.check(probe, new PairConfig.Node("pbx-a", spec.address().toString())).get(5, TimeUnit.SECONDS);
    }

    private static Probe probe(Probe.Type type, int port, String path, Integer expectedStatus) {
        return new Probe(type, spec.address().toString(), port, path, expectedStatus, Duration.ofSeconds(1), TIMEOUT,
                1, 1);
    }

    @Test
    void tcpProbePassesWhileThePortAcceptsAndFailsWhenItIsClosed() throws Exception {
        Probe tcp = probe(Probe.Type.TCP, spec.tcpPort(), null, null);
        assertThat(check(tcp).ok()).isTrue();

        node.stop(Service.TCP);
        try {
            // The listening socket may take a moment to go after the close call returns.
            CheckResult closed = await().atMost(Duration.ofSeconds(2)).until(() -> check(tcp), r -> !r.ok());
            assertThat(closed.detail()).contains(spec.address() + ":" + spec.tcpPort());
        } finally {
            node.start(Service.TCP);
        }
    }

    @Test
    void httpProbeWantsTheExpectedStatusWithinItsTimeout() throws Exception {
        CheckResult healthy = check(probe(Probe.Type.HTTP, spec.httpPort(), "/health", null));
        assertThat(healthy.ok()).as(healthy.detail()).isTrue();
        assertThat(check(probe(Probe.Type.HTTP, spec.httpPort(), "/health", 200)).ok()).isTrue();
        CheckResult wrongPath = check(probe(Probe.Type.HTTP, spec.httpPort(), "/nothing-here", null));
        assertThat(wrongPath.ok()).isFalse();
        assertThat(wrongPath.detail()).contains("404, expected 2xx");

        node.delay(TIMEOUT.multipliedBy(2));
        try {
            CheckResult slow = check(probe(Probe.Type.HTTP, spec.httpPort(), "/health", null));
            assertThat(slow.ok()).isFalse();
            assertThat(slow.detail()).contains("no answer within 500 ms");
        } finally {
            node.delay(Duration.ZERO);
        }
    }

    @Test
    void sipOptionsProbePassesOnAFinalAnswerAndFailsWhenNoneComes() throws Exception {
        Probe sip = probe(Probe.Type.SIP_OPTIONS, spec.sipPort(), null, null);
        CheckResult answered = check(sip);
        assertThat(answered.ok()).isTrue();
        assertThat(answered.detail()).isEqualTo("SIP 200 OK");

        node.stop(Service.SIP);
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> check(sip), r -> !r.ok());
        } finally {
            node.start(Service.SIP);
        }
    }

    @Test
    void passiveProbePassesWhileTheLastHeartbeatIsWithinTheDeadline() throws Exception {
        Probe passive = new Probe(Probe.Type.PASSIVE, null, null, null, null, Duration.ofSeconds(1),
                Duration.ofSeconds(3), 1, 1);
        assertThat(check(passive).detail()).isEqualTo("no heartbeat of pbx-a seen yet");

        heartbeats.record("pbx-a", Instant.now().minusSeconds(5));
        assertThat(check(passive).ok()).isFalse();

        heartbeats.record("pbx-a", Instant.now());
        assertThat(check(passive).ok()).isTrue();
    }

    /** sipp as the SIP peer: a real SIP stack answering OPTIONS, as Asterisk, FreeSWITCH or Kamailio would. */
    @Test
    void sipOptionsProbeAgainstARealSipStack() throws Exception {
        Path sippBinary = Path.of("/usr/bin/sipp");
        assumeTrue(Files.isExecutable(sippBinary), "sipp is not installed (Debian package sip-tester): skipped");
        Path scenario = Files.createTempFile("options-uas", ".xml");
        try (var in = ProbeChecksTest.class.getResourceAsStream("/sipp/options-uas.xml")) {
            Files.write(scenario, in.readAllBytes());
        }
        int port = freeUdpPort();
        Process sipp = new ProcessBuilder(sippBinary.toString(), "-sf", scenario.toString(), "-i", "127.0.0.1",
                "-p", Integer.toString(port), "-nostdin", "-m", "1000")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Probe sip = new Probe(Probe.Type.SIP_OPTIONS, "127.0.0.1", port, null, null, Duration.ofSeconds(1),
                Duration.ofMillis(500), 1, 1);
        try {
            CheckResult answered = null;
            for (int attempt = 0; attempt < 20 && (answered == null || !answered.ok()); attempt++) {
                answered = checks.check(sip, new PairConfig.Node("sipp", "127.0.0.1")).get(5, TimeUnit.SECONDS);
            }
            assertThat(answered.ok()).as(answered.detail()).isTrue();
            assertThat(answered.detail()).isEqualTo("SIP 200 OK");
        } finally {
            sipp.destroy();
            sipp.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(scenario);
        }
        // With the peer gone, nothing answers.
        assertThat(checks.check(sip, new PairConfig.Node("sipp", "127.0.0.1")).get(5, TimeUnit.SECONDS).ok())
                .isFalse();
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
