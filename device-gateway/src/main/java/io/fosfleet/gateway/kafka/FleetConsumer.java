package io.fosfleet.gateway.kafka;

import io.fosfleet.events.ConfigRecord;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.EventJson;
import io.fosfleet.events.Topic;
import io.fosfleet.gateway.GatewayMetrics;
import io.fosfleet.gateway.command.CommandDispatcher;
import io.fosfleet.gateway.fleet.Fleet;
import io.fosfleet.kafka.ConsumerThreads;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.DeviceRecord;
import io.fosfleet.kafka.KafkaClients.GroupTiming;
import io.fosfleet.kafka.KafkaClients;
import io.fosfleet.kafka.RateLimitedLog;
import io.fosfleet.kafka.Reasons;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The gateway's membership in the fleet: one consumer of the {@code device-gateway} group on {@code fos.config} and
 * {@code fos.device.commands}, co-partitioned by the group's range assignor, so the replica that owns a device's
 * configuration partition also receives its commands.
 *
 * <p>On assignment it reads the earlier owner's last states and answered commands, re-reads the configuration
 * partition from its start (it is compacted) and holds the commands partition back until that is done. On revocation
 * it stops the partition's devices, lets running commands finish and commits what is done.
 */
public final class FleetConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FleetConsumer.class);
    private static final String CONFIG = Topic.CONFIG.topicName();
    private static final String COMMANDS = Topic.DEVICE_COMMANDS.topicName();
    /**
     * KIP-848: the broker hands a dead member's partitions over within its session (seconds, see docs/adr/0002);
     * its "range" assignor keeps partition N of both topics on the same member.
     */
    static final GroupTiming GROUP_TIMING = GroupTiming.brokerAssigned("range");

    private final KafkaConsumer<String, byte[]> consumer;
    private final History history;
    private final Fleet fleet;
    private final CommandDispatcher dispatcher;
    private final OffsetTracker offsets;
    private final ScheduledExecutorService loop;
    private final GatewayMetrics metrics;
    private final Duration commandTimeout;
    private final DeadLetters deadLetters;
    private final RateLimitedLog rateLimited = new RateLimitedLog(org.slf4j.LoggerFactory.getLogger(FleetConsumer.class),
            Duration.ofSeconds(10));
    private final Thread thread;

    /** Configuration partitions being re-read, with the end offset that counts as read. */
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    private volatile boolean joined;
    private volatile boolean closing;
    private volatile Throwable died;

    public FleetConsumer(KafkaClients kafka, String groupId, String clientId, Duration commandHistory,
                         Duration commandTimeout, Fleet fleet, CommandDispatcher dispatcher,
                         ScheduledExecutorService loop, GatewayMetrics metrics, Clock clock) {
        // A command partition never committed starts at its beginning: deadlines and the results history keep old
        // commands from running.
        this.consumer = kafka.groupConsumer(clientId, groupId, "earliest", GROUP_TIMING,
                ConsumerConfig.DEFAULT_MAX_POLL_RECORDS);
        this.history = new History(kafka, clientId, commandHistory, metrics, clock);
        this.fleet = fleet;
        this.dispatcher = dispatcher;
        this.offsets = new OffsetTracker();
        this.loop = loop;
        this.metrics = metrics;
        this.commandTimeout = commandTimeout;
        this.deadLetters = kafka.deadLetters(clientId, groupId, metrics::deadLettered);
        this.thread = new Thread(this, clientId + "-fleet");
    }

    public void start() {
        thread.start();
    }

    /** The group assigned this replica its partitions and their configuration is read. */
    public boolean ready() {
        return joined && catchingUpCount() == 0 && thread.isAlive();
    }

    /** The consumer thread is running (or was stopped on purpose). */
    public boolean alive() {
        return died == null;
    }

    private synchronized int catchingUpCount() {
        return catchingUp.size();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(CONFIG, COMMANDS), new Rebalance());
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(CONFIG)) {
                        config(record);
                    } else {
                        command(record);
                    }
                }
                if (!joined && consumer.groupMetadata().generationId() > 0) {
                    // a member with no partitions (more replicas than partitions) is a ready standby
                    joined = true;
                }
                resumeCaughtUp();
                Map<TopicPartition, OffsetAndMetadata> commit = offsets.committable();
                if (!commit.isEmpty()) {
                    consumer.commitAsync(commit, (done, e) -> {
                        if (e != null) {
                            LOG.warnf("commit of command offsets failed (they are committed again later): %s",
                                    e.getMessage());
                        }
                    });
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            died = e;
            LOG.error("the fleet consumer stopped", e);
        } finally {
            try {
                // Leaving the group runs the revocation: devices stop, finished commands are committed.
                consumer.close(CloseOptions.timeout(commandTimeout.plusSeconds(5)));
            } finally {
                history.close();
                deadLetters.close();
            }
        }
    }

    private void config(ConsumerRecord<String, byte[]> record) {
        DeviceRecord<ConfigRecord> config;
        try {
            config = DeviceRecord.read(record, ConfigRecord.class);
        } catch (RuntimeException e) {
            deadLetter(record, e);
            return;
        }
        int partition = record.partition();
        loop.execute(() -> fleet.apply(partition, config.deviceId(), config.value()));
    }

    private void command(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        offsets.received(tp, record.offset());
        DeviceCommand command;
        try {
            command = EventJson.fromBytes(record.value(), DeviceCommand.class);
        } catch (RuntimeException e) {
            deadLetter(record, e);
            offsets.done(tp, record.offset());
            return;
        }
        long offset = record.offset();
        loop.execute(() -> dispatcher.accept(command, () -> offsets.done(tp, offset)));
    }

    /**
     * A record this version cannot read (newer schema, garbage, a field over its limit) goes to its topic's dead
     * letters and is passed, never retried forever. A configuration partition is re-read from its start on every
     * assignment, so the same bad configuration record may be dead-lettered once per assignment.
     */
    private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        String where = DeadLetters.where(record);
        try {
            deadLetters.send(record, DeadLetters.Cause.UNREADABLE, Reasons.of(e), 0);
            rateLimited.warn(where.substring(0, where.indexOf('@')), "dead-lettered unreadable record " + where
                    + " (key " + record.key() + "): " + Reasons.of(e));
        } catch (RuntimeException dlq) {
            // Kafka is away: the fleet must go on, so the record is passed all the same
            metrics.skippedRecord(record.topic());
            rateLimited.warn(where.substring(0, where.indexOf('@')), "skipped unreadable record " + where + " (key "
                    + record.key() + "): " + Reasons.of(e) + "; " + dlq.getMessage());
        }
    }

    /** Lets the commands of a partition through once its configuration has been read to the end. */
    private synchronized void resumeCaughtUp() {
        catchingUp.entrySet().removeIf(e -> {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
            TopicPartition commands = new TopicPartition(COMMANDS, e.getKey().partition());
            if (consumer.assignment().contains(commands)) {
                consumer.resume(List.of(commands));
            }
            return true;
        });
    }

    /** Leaves the group, which runs the revocation (devices stop, finished commands are committed), and waits. */
    @Override
    public void close() {
        closing = true;
        ConsumerThreads.stop(consumer, thread, commandTimeout.plusSeconds(10));
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            joined = true;
            if (partitions.isEmpty()) {
                return;
            }
            LOG.infof("assigned %s", partitions);
            List<TopicPartition> commands = only(partitions, COMMANDS);
            // Commands wait until the configuration of their partition is read: a command may name a device whose
            // record is still on its way.
            consumer.pause(commands);
            List<TopicPartition> configs = only(partitions, CONFIG);
            if (configs.isEmpty()) {
                LOG.warnf("assigned commands partitions %s without their fos.config partitions: the topics must have "
                        + "equal partition counts; they wait", commands);
                return;
            }
            Set<Integer> numbers = configs.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            History.Seeds seeds = history.read(numbers);
            onLoop(() -> {
                seeds.states().forEach(fleet::seed);
                dispatcher.alreadyFinished(seeds.finishedCommands());
            });
            consumer.seekToBeginning(configs);
            Map<TopicPartition, Long> ends = consumer.endOffsets(configs);
            synchronized (FleetConsumer.this) {
                catchingUp.putAll(ends);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, false);
        }

        private void release(Collection<TopicPartition> partitions, boolean commit) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.infof("%s %s", commit ? "revoked" : "lost", partitions);
            List<TopicPartition> configs = only(partitions, CONFIG);
            List<TopicPartition> commands = only(partitions, COMMANDS);
            Set<Integer> numbers = configs.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            synchronized (FleetConsumer.this) {
                configs.forEach(catchingUp::remove);
            }
            try {
                loop.submit(() -> fleet.release(numbers)).get().get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("devices of %s did not finish their running jobs in time: %s", configs, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (commit && !commands.isEmpty()) {
                // Finished work is committed so the next owner does not run it again.
                Map<TopicPartition, OffsetAndMetadata> done = offsets.committable();
                done.keySet().retainAll(commands);
                if (!done.isEmpty()) {
                    try {
                        consumer.commitSync(done);
                    } catch (RuntimeException e) {
                        LOG.warnf("could not commit %s on revocation: %s", done, e.getMessage());
                    }
                }
            }
            offsets.forget(commands);
        }

        private void onLoop(Runnable action) {
            try {
                loop.submit(action).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<TopicPartition> only(Collection<TopicPartition> partitions, String topic) {
        return partitions.stream().filter(tp -> tp.topic().equals(topic)).toList();
    }
}
