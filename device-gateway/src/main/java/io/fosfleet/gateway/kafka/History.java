package io.fosfleet.gateway.kafka;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.DeviceState;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.fosfleet.gateway.GatewayMetrics;
import io.fosfleet.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Reads what earlier owners left for newly assigned partitions: the last published state of each device (compacted
 * {@code fos.device.state}) and the ids of commands already answered ({@code fos.device.command-results}).
 */
final class History implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(History.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** What was read for the assigned partitions. */
    record Seeds(Map<Integer, Map<DeviceId, DeviceState>> states, Set<UUID> finishedCommands) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration commandHistory;
    private final GatewayMetrics metrics;
    private final Clock clock;

    History(KafkaClients kafka, String clientId, Duration commandHistory, GatewayMetrics metrics, Clock clock) {
        // outside any group: it assigns the partitions it reads and seeks itself
        this.consumer = kafka.reader(clientId + "-history");
        this.commandHistory = commandHistory;
        this.metrics = metrics;
        this.clock = clock;
    }

    Seeds read(Collection<Integer> partitions) {
        Map<Integer, Map<DeviceId, DeviceState>> states = new HashMap<>();
        partitions.forEach(p -> states.put(p, new HashMap<>()));
        List<TopicPartition> stateTps = partitions.stream()
                .map(p -> new TopicPartition(Topic.DEVICE_STATE.topicName(), p)).toList();
        consumer.assign(stateTps);
        consumer.seekToBeginning(stateTps);
        readToEnd(stateTps, (record, value) -> {
            if (value == null) {
                states.get(record.partition()).remove(DeviceId.of(record.key()));
                return;
            }
            DeviceState state = decode(record, value, DeviceState.class);
            if (state != null) {
                states.get(record.partition()).put(state.deviceId(), state);
            }
        });

        Set<UUID> finished = new HashSet<>();
        List<TopicPartition> resultTps = partitions.stream()
                .map(p -> new TopicPartition(Topic.COMMAND_RESULTS.topicName(), p)).toList();
        consumer.assign(resultTps);
        long since = clock.millis() - commandHistory.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        resultTps.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, PATIENCE);
        Map<TopicPartition, Long> ends = consumer.endOffsets(resultTps, PATIENCE);
        resultTps.forEach(tp -> consumer.seek(tp, starts.get(tp) == null ? ends.get(tp) : starts.get(tp).offset()));
        readToEnd(resultTps, (record, value) -> {
            CommandResult result = value == null ? null : decode(record, value, CommandResult.class);
            if (result != null) {
                finished.add(result.commandId());
            }
        });
        consumer.assign(List.of());
        int devices = states.values().stream().mapToInt(Map::size).sum();
        LOG.infof("partitions %s: %d last states, %d recent command results", partitions, devices, finished.size());
        return new Seeds(states, finished);
    }

    private void readToEnd(List<TopicPartition> partitions, BiConsumer<ConsumerRecord<String, byte[]>, byte[]> handler) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, PATIENCE);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, PATIENCE) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to the end within " + PATIENCE);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    handler.accept(record, record.value());
                } catch (RuntimeException e) {
                    metrics.skippedRecord(record.topic());
                    LOG.warnf("skipped record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                            e.getMessage());
                }
            }
        }
    }

    private <T> T decode(ConsumerRecord<String, byte[]> record, byte[] value, Class<T> type) {
        try {
            return EventJson.fromBytes(value, type);
        } catch (RuntimeException e) {
            metrics.skippedRecord(record.topic());
            LOG.warnf("skipped unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
