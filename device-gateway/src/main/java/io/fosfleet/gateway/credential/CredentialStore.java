package io.fosfleet.gateway.credential;

import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves the credential names of the fleet configuration to device logins from the gateway's own configuration,
 * each with the scope it may be sent to. The scope comes from the gateway's configuration, never from the inventory:
 * whoever edits the inventory cannot point a password at a server of their choice.
 */
public final class CredentialStore {

    /** A device login and where it may go. */
    public record Scoped(String name, Credentials credentials, CredentialScope scope) {
    }

    private final Map<String, Scoped> byName;

    /** @throws IllegalArgumentException when a scope entry is not valid, naming the property and the entry */
    public CredentialStore(Map<String, GatewayConfig.Credential> configured) {
        this.byName = configured.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new Scoped(e.getKey(), new Credentials(e.getValue().user(), e.getValue().password()),
                        CredentialScope.parse(property(e.getKey()), e.getValue().allowed().orElse(List.of())))));
    }

    /** The login named {@code name} with its scope; empty when the gateway has none of that name. */
    public Optional<Scoped> resolve(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The property that sets a credential's scope, for messages. */
    public static String property(String name) {
        return "fosfleet.gateway.credentials.\"" + name + "\".allowed";
    }
}
