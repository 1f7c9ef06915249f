package io.fosfleet.heartbeat.pair;

import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import java.time.Duration;

/**
 * How long a pair can go unkicked when the replica kicking it dies: the dead replica's last kick may be one kick
 * interval old; the group notices the death after the session timeout and hands the partition over within about one
 * more heartbeat interval (measured, see docs/adr/0002); the new owner kicks after its first probe round, which takes
 * at most the slowest active probe's timeout (passive heartbeats are known to every replica already). A Kafka outage
 * adds nothing: kicking goes on. A device's watchdog interval must exceed this, with a margin.
 */
public record HandoverTiming(Duration sessionTimeout, Duration heartbeatInterval) {

    public Duration worstCaseGap(PairConfig pair) {
        Duration firstVerdict = pair.probes().stream().filter(p -> p.type().active()).map(Probe::timeout)
                .max(Duration::compareTo).orElse(Duration.ZERO);
        return pair.kickInterval().plus(sessionTimeout).plus(heartbeatInterval).plus(firstVerdict);
    }
}
