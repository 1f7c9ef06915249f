package io.fosfleet.heartbeat.pair;

import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;

/** Where a pair's events and commands go; never blocks, whatever Kafka is doing. */
public interface Publisher {

    void event(HeartbeatEvent event);

    void command(DeviceCommand command);

    /** The pair's newest kick summary; null for a tombstone (the pair was removed). Only the latest one counts. */
    void kicks(DeviceId deviceId, KickSummary summary);
}
