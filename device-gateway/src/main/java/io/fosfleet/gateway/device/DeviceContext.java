package io.fosfleet.gateway.device;

import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.gateway.GatewayMetrics;
import io.fosfleet.gateway.credential.CredentialStore;
import io.fosfleet.gateway.kafka.Publisher;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.http.HttpDeviceClient;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every device worker of one gateway shares: the device loop (the one thread on which all device state
 * changes), the device clients, the publisher, the credentials, the configuration, the meters and the clock.
 */
public record DeviceContext(ScheduledExecutorService loop, HttpDeviceClient http, Gbl4Client gbl4, Publisher publisher,
                            CredentialStore credentials, GatewayConfig config, GatewayMetrics metrics, Clock clock) {

    /** The {@code source} of every record this gateway writes. */
    public String source() {
        return config.source();
    }
}
