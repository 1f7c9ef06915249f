package io.fosfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and the config file of the simulator. */
class SimulatorMainTest {

    @Test
    void flagsDescribeARackOfDevicesAndNodes() {
        SimulatorConfig config = SimulatorMain.parse(new String[] {"--count", "20", "--first-address", "127.0.1.250",
                "--first-mac", "00:19:32:00:00:ff", "--http-port", "8080", "--set", "wdogitime=10", "--set", "pwd=yes",
                "--nodes", "2", "--state-dir", "/tmp/fos", "--control-port", "0"});

        assertThat(config.devices()).hasSize(20);
        DeviceSpec sixth = config.devices().get(5);
        assertThat(sixth.address()).as("skips .255 and .0").isEqualTo(Ipv4Address.parse("127.0.2.1"));
        assertThat(sixth.mac()).isEqualTo(MacAddress.parse("00:19:32:00:01:04"));
        assertThat(sixth.settings()).isEqualTo(Map.of(Key.WDOGITIME, "10", Key.PWD, "1"));
        assertThat(config.nodes()).extracting(NodeSpec::name).containsExactly("node1", "node2");
        assertThat(config.stateDir()).contains(Path.of("/tmp/fos"));
        assertThat(config.controlPort()).isZero();
    }

    @Test
    void theDefaultIsOneDeviceAt127_0_1_1OnPort80() {
        SimulatorConfig config = SimulatorMain.parse(new String[0]);

        assertThat(config.devices()).containsExactly(new DeviceSpec(MacAddress.parse("00:19:32:00:00:01"),
                Ipv4Address.parse("127.0.1.1"), 80));
        assertThat(config.controlPort()).isEqualTo(SimulatorMain.DEFAULT_CONTROL_PORT);
    }

    @Test
    void aConfigFileListsDeviceGroupsAndNodes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rack.json");
        Files.writeString(file, """
                {"devices": [
                   {"count": 2, "address": "127.0.1.1", "mac": "00:19:32:00:00:01", "httpPort": 8080,
                    "settings": {"scenario": 1, "wdogitime": "5"}},
                   {"address": "127.0.3.1", "mac": "00:19:32:00:03:01"}],
                 "nodes": [{"name": "primary", "address": "127.0.2.1", "sipPort": 5070}],
                 "stateDir": "state"}
                """);

        SimulatorConfig config = SimulatorMain.parse(new String[] {"--config", file.toString(), "--control-port",
                "-1"});

        assertThat(config.devices()).extracting(DeviceSpec::address).containsExactly(Ipv4Address.parse("127.0.1.1"),
                Ipv4Address.parse("127.0.1.2"), Ipv4Address.parse("127.0.3.1"));
        assertThat(config.devices().get(1).settings()).isEqualTo(Map.of(Key.SCENARIO, "1", Key.WDOGITIME, "5"));
        assertThat(config.devices().get(2).httpPort()).isEqualTo(80);
        assertThat(config.nodes()).containsExactly(new NodeSpec("primary", Ipv4Address.parse("127.0.2.1"),
                NodeSpec.DEFAULT_TCP_PORT, NodeSpec.DEFAULT_HTTP_PORT, 5070));
        assertThat(config.stateDir()).contains(Path.of("state"));
        assertThat(config.controlPort()).isEqualTo(-1);
    }

    @Test
    void badInputIsRefusedSayingWhatIsAllowed() {
        for (List<String> args : List.of(List.of("--count", "0"), List.of("--set", "wdogitime=0"),
                List.of("--set", "colour=red"), List.of("--first-address", "127.0.1"), List.of("--bogus", "1"),
                List.of("--count"), List.of("--config", "x.json", "--count", "2"))) {
            assertThatThrownBy(() -> SimulatorMain.parse(args.toArray(String[]::new))).as(args.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--set", "wdogrtime=3"}))
                .hasMessageContaining("not a setting");
    }
}
