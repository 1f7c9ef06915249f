package io.fosfleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoDatacenterTest {

    private final DemoDatacenter demo = DemoDatacenter.of(Ports.from(Map.of()));

    @Test
    void threeSitesTwoPairsEachEveryPairWithItsOwnBerofosAndTwoNodes() {
        assertThat(demo.pairs()).hasSize(6);
        assertThat(demo.pairs().stream().map(DemoDatacenter.Pair::site).distinct()).hasSize(3);
        List<String> addresses = demo.pairs().stream().flatMap(p -> List.of(p.deviceAddress(),
                p.primary().address(), p.secondary().address()).stream()).toList();
        assertThat(addresses).doesNotHaveDuplicates().hasSize(18);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyInventoryNodeIsASimulatedNodeAndEveryPairNamesRegisteredDevicesAndNodes() {
        List<Map<String, Object>> simNodes = (List<Map<String, Object>>) demo.simulatorConfig().get("nodes");
        List<Object> simNodeNames = simNodes.stream().map(n -> n.get("name")).toList();
        List<Object> nodeIds = demo.nodeRequests().stream().map(n -> n.get("id")).toList();
        assertThat(nodeIds).containsExactlyElementsOf(simNodeNames);
        List<Object> deviceIds = demo.deviceRequests().stream().map(d -> d.get("id")).toList();
        for (Map<String, Object> pair : demo.pairRequests()) {
            assertThat(deviceIds).contains(pair.get("deviceId"));
            assertThat(nodeIds).contains(pair.get("primaryNodeId"), pair.get("secondaryNodeId"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void devicesStartAsTheInventoryWantsThemWithSyslogToTheGatewayAndMailToTheSink() {
        List<Map<String, Object>> simDevices = (List<Map<String, Object>>) demo.simulatorConfig().get("devices");
        List<Map<String, Object>> inventory = demo.deviceRequests();
        for (int i = 0; i < simDevices.size(); i++) {
            assertThat(simDevices.get(i).get("settings")).isEqualTo(inventory.get(i).get("settings"));
            assertThat(simDevices.get(i).get("mac")).isEqualTo(inventory.get(i).get("mac"));
        }
        assertThat(demo.deviceSettings()).containsEntry("slgip", "127.0.0.1").containsEntry("slgpt", "15514")
                .containsEntry("smtpserv", "127.0.0.1:12525").containsEntry("wdogdef", "0");
    }

    @Test
    void portsComeFromTheEnvironmentAndABadOneIsRefusedNamingTheVariable() {
        assertThat(Ports.from(Map.of("FOS_CONFIG_PORT", "28080")).configService()).isEqualTo(28080);
        assertThatThrownBy(() -> Ports.from(Map.of("FOS_SMTP_PORT", "smtp")))
                .hasMessage("FOS_SMTP_PORT=smtp is not a port; allowed 1..65535");
    }
}
