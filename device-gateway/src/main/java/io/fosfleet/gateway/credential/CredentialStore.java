package io.fosfleet.gateway.credential;

import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Resolves the credential names of the fleet configuration to device logins from the gateway's own configuration. */
public final class CredentialStore {

    private final Map<String, Credentials> byName;

    public CredentialStore(Map<String, GatewayConfig.Credential> configured) {
        this.byName = configured.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new Credentials(e.getValue().user(), e.getValue().password())));
    }

    /** The login named {@code name}; empty when the gateway has none of that name. */
    public Optional<Credentials> resolve(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
