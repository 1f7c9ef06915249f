package io.fosfleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/local/run}'s options for several heartbeat-service and device-gateway replicas: what they are parsed
 * to, which processes a run then starts on which ports (the launch plan, without starting anything), and the clear
 * error for a bad value, from the script itself, before anything is built.
 */
class RunOptionsTest {

    private static final Ports DEFAULT_PORTS = Ports.from(Map.of());
    private static final Path STATE = Path.of("/tmp/fosfleet-plan-test/.fosfleet");

    @Test
    void withoutOptionsOneReplicaOfEach() {
        assertThat(RunOptions.parse(List.of())).isEqualTo(RunOptions.defaults());
        assertThat(RunOptions.parse(List.of("--not-built", ""))).isEqualTo(RunOptions.defaults());
        assertThat(names(RunOptions.defaults())).containsExactly("config-service :18080", "device-gateway :18081",
                "heartbeat-service :18082", "alert-service :18083");
    }

    @Test
    void replicasGetTheirOwnPortsAHundredApartAndOnlyTheFirstGatewayTheDevicesSyslog() {
        RunOptions options = RunOptions.parse(List.of("--not-built", "cli", "--heartbeat-replicas", "3",
                "--gateway-replicas=2"));
        assertThat(options).isEqualTo(new RunOptions(3, 2, java.util.Set.of("cli")));
        assertThat(names(options)).containsExactly("config-service :18080", "device-gateway :18081",
                "device-gateway-2 :18181", "heartbeat-service :18082", "heartbeat-service-2 :18182",
                "heartbeat-service-3 :18282", "alert-service :18083");
        List<Launch.Service> plan = LocalRun.plan(DEFAULT_PORTS, options, null, STATE);
        assertThat(plan.get(1).properties()).contains("-Dfosfleet.gateway.syslog.port=15514");
        assertThat(plan.get(2).properties()).contains("-Dfosfleet.gateway.syslog.port=0")
                .contains("-Dquarkus.http.port=18181");
        assertThat(plan.get(5).module()).isEqualTo("heartbeat-service");
        assertThat(plan.get(5).properties()).contains("-Dquarkus.http.port=18282");
        assertThat(plan.get(5).baseUrl()).isEqualTo("http://127.0.0.1:18282");
    }

    @Test
    void aBadValueIsRefusedSayingWhatIsAllowed() {
        assertThatThrownBy(() -> RunOptions.parse(List.of("--heartbeat-replicas", "0")))
                .hasMessage("--heartbeat-replicas '0' is not a number of replicas; allowed 1 to 5");
        assertThatThrownBy(() -> RunOptions.parse(List.of("--gateway-replicas", "two")))
                .hasMessage("--gateway-replicas 'two' is not a number of replicas; allowed 1 to 5");
        assertThatThrownBy(() -> RunOptions.parse(List.of("--gateway-replicas=6")))
                .hasMessage("--gateway-replicas '6' is not a number of replicas; allowed 1 to 5");
        assertThatThrownBy(() -> RunOptions.parse(List.of("--heartbeat-replicas")))
                .hasMessage("--heartbeat-replicas needs a value: a number of replicas from 1 to 5");
        assertThatThrownBy(() -> RunOptions.parse(List.of("--replicas", "2")))
                .hasMessage("unknown option '--replicas'; deploy/local/run --help lists the options");
    }

    @Test
    void aReplicaPortThatIsAnotherProcesssPortIsRefused() {
        // the simulator's control API on 18182, where heartbeat-service-2 would listen
        Ports ports = Ports.from(Map.of("FOS_SIMULATOR_PORT", "18182"));
        assertThatThrownBy(() -> LocalRun.plan(ports, new RunOptions(2, 1, java.util.Set.of()), null, STATE))
                .hasMessageContaining("heartbeat-service-2 would listen on port 18182, which is FOS_SIMULATOR_PORT's");
        assertThat(LocalRun.plan(ports, RunOptions.defaults(), null, STATE)).hasSize(4);
    }

    @Test
    void theScriptRefusesABadValueBeforeBuildingAnythingAndExplainsItsOptions() throws Exception {
        Result bad = script("--heartbeat-replicas", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("--heartbeat-replicas '0' is not a number of replicas; allowed 1 to 5\n");
        assertThat(bad.out()).doesNotContain("building");
        Result unknown = script("--replicas=2");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option '--replicas=2'");
        Result help = script("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--heartbeat-replicas N").contains("--gateway-replicas N")
                .contains("18082, 18182, 18282").contains("kill -9 <pid>");
        assertThat(help.out().strip()).isEqualTo(RunOptions.USAGE.strip());
    }

    private static List<String> names(RunOptions options) {
        return LocalRun.plan(DEFAULT_PORTS, options, null, STATE).stream().map(s -> s.name() + " :" + s.port())
                .toList();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result script(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", Path.of("run").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("deploy/local/run " + String.join(" ", args) + " did not end within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
