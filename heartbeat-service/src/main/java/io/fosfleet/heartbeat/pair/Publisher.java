package io.fosfleet.heartbeat.pair;

import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.HeartbeatEvent;

/** Where a pair's events and commands go; never blocks, whatever Kafka is doing. */
public interface Publisher {

    void event(HeartbeatEvent event);

    void command(DeviceCommand command);
}
