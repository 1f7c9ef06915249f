package io.fosfleet.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated device's network behaves, set through the control API to test what our services do with a bad
 * link: cut (nothing in or out), a share of lost requests, and added latency on every answer. Lost GBL4 datagrams and
 * HTTP requests are never answered; the device's own syslog messages are lost the same way.
 *
 * @param dropPercent 0..100, the chance that a request (or a syslog message) is lost
 * @param latency added before each answer
 */
public record NetworkConditions(boolean cut, int dropPercent, Duration latency) {

    public static final NetworkConditions GOOD = new NetworkConditions(false, 0, Duration.ZERO);

    public NetworkConditions {
        Objects.requireNonNull(latency, "latency");
        if (dropPercent < 0 || dropPercent > 100) {
            throw new IllegalArgumentException("dropPercent must be 0..100, was " + dropPercent);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
    }

    public static NetworkConditions cutOff() {
        return new NetworkConditions(true, 0, Duration.ZERO);
    }
}
