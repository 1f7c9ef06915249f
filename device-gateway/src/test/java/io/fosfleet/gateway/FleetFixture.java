package io.fosfleet.gateway;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.Topic;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.SimulatedDevice;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * What the rest of fosfleet does around a gateway in a test: config-service publishing the fleet and commands, and a
 * NOC tool reading every event, state and command result from the start of the topics.
 */
final class FleetFixture implements AutoCloseable {

    static final String SOURCE = "gateway-test";

    private final KafkaProducer<String, Envelope> producer;
    private final KafkaProducer<String, byte[]> raw;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private final List<Envelope> received = new ArrayList<>();
    private volatile boolean closed;

    FleetFixture(String bootstrap, int partitions) {
        createTopics(bootstrap, partitions);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new EventSerializer<>());
        raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (Topic topic : List.of(Topic.DEVICE_EVENTS, Topic.DEVICE_STATE, Topic.COMMAND_RESULTS)) {
            consumer.partitionsFor(topic.topicName()).forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        reader = new Thread(this::read, "fixture-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static void createTopics(String bootstrap, int partitions) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                if (!existing.contains(topic.topicName())) {
                    missing.add(new NewTopic(topic.topicName(), partitions, (short) 1).configs(topic.config()));
                }
            }
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!e.getCause().getClass().getSimpleName().equals("TopicExistsException")) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        while (!closed) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                if (record.value() == null) {
                    continue;
                }
                Envelope value = EventJson.fromBytes(record.value(), Topic.byName(record.topic()).valueType());
                synchronized (received) {
                    received.add(value);
                }
            }
        }
        consumer.close();
    }

    /** A device id no other test uses. */
    static DeviceId newDeviceId(String what) {
        return DeviceId.of(what + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static DeviceConfig device(DeviceId id, SimulatedDevice fos, Duration pollInterval, String credential,
                               Map<String, String> desired, DeviceConfig.DriftPolicy policy) {
        return new DeviceConfig(id, "fos " + id, fos.mac().toString(), fos.address().toString(), fos.httpPort(),
                credential, "test-site", null, pollInterval, desired, policy);
    }

    static DeviceConfig device(DeviceId id, SimulatedDevice fos, Duration pollInterval) {
        return device(id, fos, pollInterval, null, Map.of(), DeviceConfig.DriftPolicy.REPORT);
    }

    /** One simulated device at {@code address}, sending syslog to the gateway at 127.0.0.1:{@code syslogPort}. */
    static DeviceSpec spec(Ipv4Address address, int index, int syslogPort, Map<Key, String> settings) {
        Map<Key, String> all = new java.util.EnumMap<>(Key.class);
        all.put(Key.SYSLOG, "1");
        all.put(Key.SLGIP, "127.0.0.1");
        all.put(Key.SLGPT, Integer.toString(syslogPort));
        all.putAll(settings);
        return new DeviceSpec(MacAddress.parse(String.format("00:19:32:00:%02x:%02x", index >> 8, index & 0xff)),
                new Ipv4Address(address.bits() + index), 8080, all);
    }

    void publish(DeviceConfig config) {
        send(Topic.CONFIG, ConfigRecord.desired(config, null, Instant.now(), "config-service"));
    }

    void delete(DeviceId id) {
        send(Topic.CONFIG, ConfigRecord.deleted(id, Instant.now(), "config-service"));
    }

    DeviceCommand command(DeviceId id, DeviceCommand.Type type, Map<String, String> parameters) {
        return command(id, type, parameters, false);
    }

    DeviceCommand command(DeviceId id, DeviceCommand.Type type, Map<String, String> parameters, boolean confirm) {
        Instant now = Instant.now();
        DeviceCommand command = DeviceCommand.create(UUID.randomUUID(), type, id, now, "config-service", "test",
                "gateway test", parameters, confirm, now.plusSeconds(60));
        send(Topic.DEVICE_COMMANDS, command);
        return command;
    }

    void send(Topic topic, Envelope record) {
        try {
            producer.send(new ProducerRecord<>(topic.topicName(), record.deviceId().value(), record)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    void sendRaw(Topic topic, String key, byte[] value) {
        try {
            raw.send(new ProducerRecord<>(topic.topicName(), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    <T extends Envelope> List<T> all(Class<T> type, DeviceId id) {
        synchronized (received) {
            return received.stream().filter(type::isInstance).map(type::cast).filter(r -> r.deviceId().equals(id))
                    .collect(Collectors.toList());
        }
    }

    List<DeviceEvent> events(DeviceId id) {
        return all(DeviceEvent.class, id);
    }

    List<DeviceEvent> events(DeviceId id, DeviceEvent.Type type) {
        return events(id).stream().filter(e -> e.type() == type).toList();
    }

    List<DeviceState> states(DeviceId id) {
        return all(DeviceState.class, id);
    }

    /** The last published state, or null. */
    DeviceState state(DeviceId id) {
        List<DeviceState> states = states(id);
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    List<CommandResult> results(DeviceCommand command) {
        return all(CommandResult.class, command.deviceId()).stream()
                .filter(r -> r.commandId().equals(command.commandId())).toList();
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        raw.close();
    }
}
