package io.fosfleet.examples.noc;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows fosfleet's {@code fos.device.events} and {@code fos.heartbeat.events} and prints one line per failover.
 *
 * <pre>
 * java -jar noc-subscriber.jar [--bootstrap-server HOST:PORT] [--from-beginning] [--command-config FILE]
 * </pre>
 *
 * <p>It reads every partition of both topics itself (no consumer group, nothing committed): from now on, or with
 * {@code --from-beginning} the whole history the topics keep. {@code --command-config} takes Kafka client properties
 * (TLS, SASL), as Kafka's own tools do. Stops on Ctrl-C.
 */
public final class NocSubscriber {

    static final List<String> TOPICS = List.of(FailoverLines.DEVICE_EVENTS, FailoverLines.HEARTBEAT_EVENTS);

    private final KafkaConsumer<String, byte[]> consumer;
    private final FailoverLines lines = new FailoverLines();
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);

    NocSubscriber(Properties kafka, boolean fromBeginning, PrintStream out) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "noc-subscriber");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.out = out;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            // fixes "now" here rather than at the first poll
            partitions.forEach(consumer::position);
        }
    }

    /** Prints until {@link #stop()}; a record it cannot read is reported on stderr and skipped. */
    void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        lines.accept(r.topic(), r.value()).ifPresent(out::println);
                    } catch (RuntimeException e) {
                        System.err.println("skipped " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": "
                                + e.getMessage());
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // stop() was called
        } finally {
            consumer.close();
        }
    }

    void stop() {
        running.set(false);
        consumer.wakeup();
    }

    public static void main(String[] args) throws Exception {
        Properties kafka = new Properties();
        kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        boolean fromBeginning = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-server" -> kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, value(args, ++i));
                case "--from-beginning" -> fromBeginning = true;
                case "--command-config" -> {
                    try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(value(args, ++i)))) {
                        kafka.load(in);
                    }
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: noc-subscriber [--bootstrap-server"
                            + " HOST:PORT] [--from-beginning] [--command-config FILE]");
                    System.exit(2);
                }
            }
        }
        NocSubscriber subscriber = new NocSubscriber(kafka, fromBeginning, System.out);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            subscriber.stop();
            try {
                main.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        subscriber.run();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
