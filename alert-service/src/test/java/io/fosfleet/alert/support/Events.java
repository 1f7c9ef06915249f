package io.fosfleet.alert.support;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import io.fosfleet.events.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the records other services would write: device and heartbeat events, device and pair configuration. */
public final class Events implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public Events(String bootstrap) {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    public void send(Topic topic, Envelope record) {
        raw(topic, record.deviceId().value(), EventJson.toJson(record));
    }

    /** Sends all at once, as a burst: nothing waits for the broker until the last one is sent. */
    public void burst(Topic topic, List<? extends Envelope> records) {
        var sent = records.stream().map(r -> producer.send(new ProducerRecord<>(topic.topicName(),
                r.deviceId().value(), EventJson.toJson(r)))).toList();
        for (var s : sent) {
            try {
                s.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Sends text as it is; answers the record's offset. */
    public long raw(Topic topic, String key, String json) {
        try {
            return producer.send(new ProducerRecord<>(topic.topicName(), key, json)).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static DeviceEvent failover(String device) {
        return DeviceEvent.create(DeviceEvent.Type.FAILOVER, DeviceId.of(device), Instant.now(), "device-gateway", 42,
                Map.of("mode", "0"), "watchdog ran out");
    }

    /** A device event as device-gateway reports it. */
    public static DeviceEvent device(DeviceEvent.Type type, String device, Integer syslogCode, Map<String, String> details,
                                     String message) {
        return DeviceEvent.create(type, DeviceId.of(device), Instant.now(), "device-gateway", syslogCode, details, message);
    }

    public static HeartbeatEvent heartbeat(HeartbeatEvent.Type type, String device, String pair) {
        return HeartbeatEvent.create(type, DeviceId.of(device), pair, Instant.now(), "heartbeat-service",
                type + " for " + pair, Map.of());
    }

    /** The device in the inventory, serving the pair at the site. */
    public static ConfigRecord placed(String device, String pair, String site, boolean maintenance) {
        return placed(device, pair, site, maintenance, PairConfig.FailoverPolicy.MANUAL, false);
    }

    /** The device in the inventory, serving a pair with this failover policy. */
    public static ConfigRecord placed(String device, String pair, String site, boolean maintenance,
                                      PairConfig.FailoverPolicy policy, boolean fastFailover) {
        DeviceId id = DeviceId.of(device);
        DeviceConfig config = new DeviceConfig(id, device, "00:19:32:00:00:58", "127.0.0.1", 80, null, site, "r7",
                Duration.ofSeconds(5), Map.of(), DeviceConfig.DriftPolicy.REPORT);
        PairConfig pairConfig = new PairConfig(pair, id, new PairConfig.Node("pbx-1", "10.0.0.1"),
                new PairConfig.Node("pbx-2", "10.0.0.2"), 0, Duration.ofSeconds(5), Duration.ZERO,
                policy, fastFailover, maintenance, List.of(probe()), PairConfig.ProbeCombination.ALL);
        return ConfigRecord.desired(config, pairConfig, Instant.now(), "config-service");
    }

    private static Probe probe() {
        return new Probe(Probe.Type.TCP, "10.0.0.1", 5060, null, null, Duration.ofSeconds(2), Duration.ofSeconds(1), 3, 2);
    }

    @Override
    public void close() {
        producer.close();
    }
}
