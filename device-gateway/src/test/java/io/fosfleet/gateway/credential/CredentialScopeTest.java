package io.fosfleet.gateway.credential;

import io.fosfleet.events.DeviceId;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialScopeTest {

    private static final String PROPERTY = CredentialStore.property("rack7");
    private static final DeviceId SOME_DEVICE = DeviceId.of("fra1-b-fos");

    private static InetAddress at(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @Test
    void rangesAddressesAndDeviceIdsAreAllowedAndNothingElse() throws Exception {
        CredentialScope scope = CredentialScope.parse(PROPERTY, List.of("10.1.7.0/24", " 192.0.2.9 ", "fra1-a-fos"));

        assertThat(scope.allows(SOME_DEVICE, at("10.1.7.200"))).isTrue();
        assertThat(scope.allows(SOME_DEVICE, at("10.1.8.1"))).isFalse();
        assertThat(scope.allows(SOME_DEVICE, at("192.0.2.9"))).isTrue();
        assertThat(scope.allows(SOME_DEVICE, at("192.0.2.10"))).isFalse();
        assertThat(scope.allows(DeviceId.of("fra1-a-fos"), at("203.0.113.1"))).isTrue();
        assertThat(scope.allows(SOME_DEVICE, at("::1"))).isFalse();
    }

    @Test
    void noScopeAllowsNoDevice() throws Exception {
        CredentialScope none = CredentialScope.parse(PROPERTY, List.of());

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.allows(SOME_DEVICE, at("127.0.0.1"))).isFalse();
        assertThat(CredentialScope.parse(PROPERTY, List.of("0.0.0.0/0")).allows(SOME_DEVICE, at("10.9.9.9"))).isTrue();
    }

    @Test
    void aBadEntryIsRefusedNamingThePropertyAndTheEntry() {
        for (String bad : List.of("10.1.7.0/33", "10.1.7/24", "10.1.7.0/24/1", "rack 7", "10.1.7.0/x")) {
            assertThatThrownBy(() -> CredentialScope.parse(PROPERTY, List.of(bad)))
                    .hasMessageContaining("fosfleet.gateway.credentials.\"rack7\".allowed")
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("IPv4 range");
        }
    }
}
