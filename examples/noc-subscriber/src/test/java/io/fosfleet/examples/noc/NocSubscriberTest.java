package io.fosfleet.examples.noc;

import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Envelope;
import io.fosfleet.events.EventSerializer;
import io.fosfleet.events.HeartbeatEvent;
import io.fosfleet.events.Topic;
import io.fosfleet.kafka.CloudEventHeaders;
import io.fosfleet.kafka.Topics;
import io.fosfleet.testing.KafkaBroker;
import io.fosfleet.testing.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example run against the in-process broker, fed with records written the way fosfleet's services write them. */
@ExtendWith(KafkaBrokerExtension.class)
class NocSubscriberTest {

    @Test
    void itPrintsOneLinePerFailoverWithThePairAndWhyAndNothingElse(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Topics.create(admin, Arrays.asList(Topic.values()), Optional.of(2), Optional.empty());
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        DeviceId watched = DeviceId.of("fos-noc-" + run + "-a");
        DeviceId alone = DeviceId.of("fos-noc-" + run + "-b");
        Instant t = Instant.parse("2026-12-07T01:01:55Z");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Properties kafka = new Properties();
        kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        NocSubscriber subscriber = new NocSubscriber(kafka, false, new PrintStream(printed, true, StandardCharsets.UTF_8));
        Thread thread = new Thread(subscriber::run, "noc-subscriber");
        thread.start();
        try {
            send(broker, Topic.HEARTBEAT_EVENTS, HeartbeatEvent.create(HeartbeatEvent.Type.PRIMARY_DOWN, watched,
                    "pbx-pair-1", t, "heartbeat-service", "primary pbx-a unhealthy: 3 SIP OPTIONS probes failed",
                    Map.of("probe.sip", "timeout after 2s")));
            send(broker, Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.RELAY_CHANGED, alone, t,
                    "device-gateway", 11, Map.of("mode", "1"), "Relay switched: A-B"));
            send(broker, Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.FAILOVER, watched, t.plusSeconds(8),
                    "device-gateway", 42, Map.of("mode", "0"), "Wdog swithed: Failover (timeout)"));
            send(broker, Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.FAILOVER, alone, t.plusSeconds(9),
                    "device-gateway", 43, Map.of("mode", "0"), "Booted still failed over"));

            await().atMost(Duration.ofSeconds(60)).until(() -> lines(printed, run).size() >= 2);
        } finally {
            subscriber.stop();
            thread.join(10_000);
        }
        assertThat(lines(printed, run)).containsExactly(
                "2026-12-07T01:02:03Z FAILOVER " + watched + " pair pbx-pair-1: Wdog swithed: Failover (timeout)"
                        + " | primary down since 2026-12-07T01:01:55Z: primary pbx-a unhealthy: 3 SIP OPTIONS probes failed",
                "2026-12-07T01:02:04Z FAILOVER " + alone + ": Booted still failed over");
    }

    @Test
    void aNewerVersionsRecordsAreReadByTheRulesAndPassedOverWhenNotAFailover() {
        FailoverLines lines = new FailoverLines();
        assertThat(lines.accept(FailoverLines.DEVICE_EVENTS, ("{\"type\":\"FAILOVER_PREDICTED\",\"deviceId\":\"d1\","
                + "\"message\":\"soon\",\"schemaVersion\":2}").getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(lines.accept(FailoverLines.DEVICE_EVENTS, ("{\"type\":\"FAILOVER\",\"deviceId\":\"d1\","
                + "\"occurredAt\":\"2027-03-01T08:00:12Z\",\"message\":\"Wdog swithed\",\"schemaVersion\":2,"
                + "\"severity\":\"CRITICAL\"}").getBytes(StandardCharsets.UTF_8)))
                .contains("2027-03-01T08:00:12Z FAILOVER d1: Wdog swithed");
        assertThat(lines.accept(FailoverLines.DEVICE_EVENTS, null)).isEmpty();
    }

    /** The README's kcat one-liner, run as written (with the test broker's address); skipped without kcat or jq. */
    @Test
    void theReadmesKcatOneLinerPrintsTheFailover(KafkaBroker broker) throws Exception {
        Assumptions.assumeTrue(onPath("kcat") && onPath("jq"), "kcat or jq not installed (Debian packages kcat, jq)");
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("(?s)```sh\\n(kcat -b localhost:9092 .*?)\\n```").matcher(readme);
        assertThat(m.find()).as("README.md has the kcat one-liner in a sh block").isTrue();
        String oneLiner = m.group(1).replace("localhost:9092", broker.bootstrapServers())
                .replace("-o end", "-o beginning -e");
        DeviceId device = DeviceId.of("fos-kcat-" + UUID.randomUUID().toString().substring(0, 8));
        send(broker, Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.FAILOVER, device,
                Instant.parse("2026-12-07T01:02:03Z"), "device-gateway", 42, Map.of("mode", "0"),
                "Wdog swithed: Failover (timeout)"));

        Process kcat = new ProcessBuilder("sh", "-c", oneLiner).redirectErrorStream(true).start();
        String out = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().filter(l -> l.contains(device.value())))
                .containsExactly("2026-12-07T01:02:03Z FAILOVER " + device + ": Wdog swithed: Failover (timeout)");
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static List<String> lines(ByteArrayOutputStream printed, String run) {
        return printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(run)).toList();
    }

    private static void send(KafkaBroker broker, Topic topic, Envelope record) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, Envelope> p = new KafkaProducer<>(CloudEventHeaders.addTo(props),
                new StringSerializer(), new EventSerializer<>())) {
            p.send(new ProducerRecord<>(topic.topicName(), record.deviceId().value(), record)).get();
        }
    }
}
