package io.fosfleet.heartbeat;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceConfig;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventDeserializer;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.KickSummary;
import io.fosfleet.events.PairConfig;
import io.fosfleet.events.Probe;
import io.fosfleet.events.Topic;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.simulator.DeviceSpec;
import io.fosfleet.simulator.DeviceStatus;
import io.fosfleet.simulator.NodeSpec;
import io.fosfleet.simulator.PbxNode;
import io.fosfleet.simulator.SimulatedDevice;
import io.fosfleet.simulator.Simulator;
import io.fosfleet.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A rack for one test: simulated berofos devices (relay A–B at power-up, watchdog on with a short interval), one
 * simulated PBX node per device as its primary, the pairs' configuration on fos.config, and everything
 * heartbeat-service publishes about them.
 */
final class Fleet implements AutoCloseable {

    static final String CONFIG_SOURCE = "config-service";

    private final String bootstrapServers;
    private final Simulator sim;
    private final List<DeviceSpec> devices;
    private final List<NodeSpec> nodes;
    private final String prefix = "hb" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000));
    private final KafkaProducer<String, ConfigRecord> producer;
    private final Recorder recorder;
    private final int watchdogSeconds;

    Fleet(String bootstrapServers, int size, int watchdogSeconds) {
        this.bootstrapServers = bootstrapServers;
        this.watchdogSeconds = watchdogSeconds;
        Ipv4Address block = SimulatorConfig.randomLoopbackBlock();
        byte[] mac = {0x00, 0x19, 0x32, (byte) ThreadLocalRandom.current().nextInt(256),
                (byte) ThreadLocalRandom.current().nextInt(256), 0x01};
        devices = DeviceSpec.rack(size, block, MacAddress.of(mac), 8080, Map.of(Key.MODEDEF, "1", Key.WDOGDEF, "1",
                Key.WDOGITIME, Integer.toString(watchdogSeconds)));
        // The nodes get addresses of their own, 128 /24 blocks above the devices.
        List<NodeSpec> n = new ArrayList<>();
        Ipv4Address nodeAddress = new Ipv4Address(block.bits() + 0x8000);
        for (int i = 0; i < size; i++) {
            n.add(new NodeSpec(prefix + "-pbx" + i, nodeAddress, 15038, 18088, 15060));
            nodeAddress = new Ipv4Address(nodeAddress.bits() + 1);
        }
        nodes = List.copyOf(n);
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new EventSerializer<>());
        recorder = new Recorder(bootstrapServers);
        // Last: the devices' watchdogs run from here, and a test publishes its pairs right after.
        sim = Simulator.start(SimulatorConfig.of(devices).withNodes(nodes));
    }

    int size() {
        return devices.size();
    }

    DeviceId id(int i) {
        return DeviceId.of(prefix + "-fos" + i);
    }

    SimulatedDevice device(int i) {
        return sim.device(devices.get(i).mac());
    }

    DeviceStatus status(int i) {
        return device(i).status();
    }

    boolean failedOver(int i) {
        DeviceStatus s = status(i);
        return s.relayMode() == RelayMode.A_D || s.watchdogState() == 2;
    }

    PbxNode primary(int i) {
        return sim.node(nodes.get(i).name());
    }

    NodeSpec primarySpec(int i) {
        return nodes.get(i);
    }

    /** A TCP probe of the primary: every 250 ms, 250 ms timeout, down after 2 failures, up after 2 successes. */
    Probe tcpProbe(int i) {
        NodeSpec node = nodes.get(i);
        return new Probe(Probe.Type.TCP, node.address().toString(), node.tcpPort(), null, null, Duration.ofMillis(250),
                Duration.ofMillis(250), 2, 2);
    }

    Probe sipProbe(int i) {
        NodeSpec node = nodes.get(i);
        return new Probe(Probe.Type.SIP_OPTIONS, node.address().toString(), node.sipPort(), null, null,
                Duration.ofMillis(250), Duration.ofMillis(250), 2, 2);
    }

    /** A pair kicked every 500 ms with no start delay, MANUAL, probed by TCP; change it with {@code edit}. */
    PairConfig pair(int i, UnaryOperator<PairBuilder> edit) {
        PairBuilder b = edit.apply(new PairBuilder());
        return new PairConfig(prefix + "-pair" + i, id(i), new PairConfig.Node(nodes.get(i).name(),
                nodes.get(i).address().toString()), new PairConfig.Node(prefix + "-legacy" + i, "127.0.0.1"), 0,
                b.kickInterval, b.startDelay, b.policy, b.fastFailover, b.maintenance,
                b.probes.isEmpty() ? List.of(tcpProbe(i)) : b.probes, b.combination);
    }

    DeviceConfig deviceConfig(int i) {
        DeviceSpec d = devices.get(i);
        return new DeviceConfig(id(i), "berofos " + i, d.mac().toString(), d.address().toString(), d.httpPort(), null,
                null, null, Duration.ofSeconds(10), Map.of("wdogitime", Integer.toString(watchdogSeconds)),
                DeviceConfig.DriftPolicy.REPORT);
    }

    /** Publishes the pair of device {@code i} on fos.config, as config-service would. */
    void publish(int i, UnaryOperator<PairBuilder> edit) {
        send(ConfigRecord.desired(deviceConfig(i), pair(i, edit), Instant.now(), CONFIG_SOURCE));
    }

    void publishAll(UnaryOperator<PairBuilder> edit) {
        for (int i = 0; i < size(); i++) {
            publish(i, edit);
        }
    }

    void delete(int i) {
        send(ConfigRecord.deleted(id(i), Instant.now(), CONFIG_SOURCE));
    }

    private void send(ConfigRecord record) {
        try {
            producer.send(new ProducerRecord<>(Topic.CONFIG.topicName(), record.deviceId().value(), record)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + record.deviceId(), e);
        }
    }

    List<HeartbeatEvent> events(int i) {
        return recorder.events(id(i));
    }

    List<HeartbeatEvent.Type> eventTypes(int i) {
        return events(i).stream().map(HeartbeatEvent::type).toList();
    }

    List<DeviceCommand> commands(int i) {
        return recorder.commands(id(i));
    }

    /** The kick summaries of device {@code i} in the order written; a tombstone is a null. */
    List<KickSummary> kicks(int i) {
        return recorder.kicks(id(i));
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        for (int i = 0; i < size(); i++) {
            delete(i);
        }
        producer.close();
        recorder.close();
        sim.close();
    }

    /** The parts of a pair a test changes. */
    final class PairBuilder {
        Duration kickInterval = Duration.ofMillis(500);
        Duration startDelay = Duration.ZERO;
        PairConfig.FailoverPolicy policy = PairConfig.FailoverPolicy.MANUAL;
        boolean fastFailover;
        boolean maintenance;
        List<Probe> probes = List.of();
        PairConfig.ProbeCombination combination = PairConfig.ProbeCombination.ALL;

        private PairBuilder() {
        }

        PairBuilder auto() {
            policy = PairConfig.FailoverPolicy.AUTO;
            return this;
        }

        PairBuilder fastFailover() {
            fastFailover = true;
            return this;
        }

        PairBuilder maintenance(boolean on) {
            maintenance = on;
            return this;
        }

        PairBuilder startDelay(Duration delay) {
            startDelay = delay;
            return this;
        }

        PairBuilder probes(PairConfig.ProbeCombination combination, Probe... probes) {
            this.combination = combination;
            this.probes = List.of(probes);
            return this;
        }
    }

    /** Reads fos.heartbeat.events, fos.device.commands and fos.heartbeat.kicks from their start, in the background. */
    static final class Recorder implements AutoCloseable {
        private final KafkaConsumer<String, Envelope> consumer;
        private final List<HeartbeatEvent> events = new CopyOnWriteArrayList<>();
        private final List<DeviceCommand> commands = new CopyOnWriteArrayList<>();
        /** key and summary (null: tombstone) */
        private final List<Map.Entry<String, KickSummary>> kicks = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Recorder(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "auto.offset.reset",
                    "earliest"), new StringDeserializer(), new EventDeserializer<>());
            thread = new Thread(this::run, "test-recorder");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (Topic t : List.of(Topic.HEARTBEAT_EVENTS, Topic.DEVICE_COMMANDS, Topic.HEARTBEAT_KICKS)) {
                    for (PartitionInfo p : consumer.partitionsFor(t.topicName())) {
                        partitions.add(new TopicPartition(p.topic(), p.partition()));
                    }
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(Topic.HEARTBEAT_KICKS.topicName())) {
                            kicks.add(new java.util.AbstractMap.SimpleImmutableEntry<>(r.key(),
                                    (KickSummary) r.value()));
                        } else if (r.value() instanceof HeartbeatEvent e) {
                            events.add(e);
                        } else if (r.value() instanceof DeviceCommand c) {
                            commands.add(c);
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        List<HeartbeatEvent> events(DeviceId id) {
            return events.stream().filter(e -> e.deviceId().equals(id)).toList();
        }

        List<KickSummary> kicks(DeviceId id) {
            List<KickSummary> out = new ArrayList<>();
            kicks.stream().filter(e -> e.getKey().equals(id.value())).forEach(e -> out.add(e.getValue()));
            return out;
        }

        List<DeviceCommand> commands(DeviceId id) {
            return commands.stream().filter(c -> c.deviceId().equals(id)).toList();
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
