package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The access plan ({@link Access}) on a real secured broker: SASL/SCRAM-SHA-512 with the StandardAuthorizer and
 * exactly the plan's ACLs. Every user's clients are built by {@link KafkaClients} from its own settings, as in the
 * services.
 */
class SecuredKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final KafkaClients.GroupTiming TIMING = KafkaClients.GroupTiming.classic(Duration.ofSeconds(6),
            Duration.ofSeconds(2));

    private static KafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() {
        Map<String, String> users = new LinkedHashMap<>();
        Access.USERS.forEach(u -> users.put(u, KafkaBroker.Security.randomPassword()));
        broker = KafkaBroker.startSecured(0, KafkaBroker.defaultDataRoot(),
                new KafkaBroker.Security(users, Access.allAclBindings()));
        // the topics exist (on Kubernetes the Topic Operator creates them); one record in each, to be read
        KafkaClients admin = new KafkaClients(broker.adminSettings());
        admin.createTopics("test-admin", Arrays.asList(Topic.values()), Optional.of(1));
        try (KafkaProducer<String, String> producer = admin.producer("test-admin", WAIT, WAIT)) {
            for (Topic t : Topic.values()) {
                producer.send(new ProducerRecord<>(t.topicName(), "seed", "{}")).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot seed the topics", e);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaClients clientsOf(String user) {
        return new KafkaClients(broker.clientSettings(user));
    }

    @Test
    void everyUserWritesEveryTopicItOwns() throws Exception {
        for (Access access : Access.plan()) {
            assertThat(access.writes()).as(access.user()).isNotEmpty();
            try (KafkaProducer<String, String> producer = clientsOf(access.user()).producer(access.user(), WAIT,
                    WAIT)) {
                for (Topic t : access.writes()) {
                    assertThat(producer.send(new ProducerRecord<>(t.topicName(), "dev-1", "{}"))
                            .get(30, TimeUnit.SECONDS).topic()).as(access.user() + " writes " + t.topicName())
                            .isEqualTo(t.topicName());
                }
            }
        }
    }

    @Test
    void everyServiceReadsEveryTopicItConsumesInItsOwnGroup() {
        for (Access access : Access.plan()) {
            if (access.reads().isEmpty()) {
                continue;
            }
            String group = access.groupPrefix() + "-test-" + System.nanoTime();
            try (KafkaConsumer<String, byte[]> consumer = clientsOf(access.user()).groupConsumer(access.user(),
                    group, "earliest", TIMING, 100)) {
                consumer.subscribe(access.reads().stream().map(Topic::topicName).toList());
                Set<String> read = new HashSet<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                Set<String> wanted = new HashSet<>(access.reads().stream().map(Topic::topicName).toList());
                while (!read.containsAll(wanted) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        read.add(r.topic());
                    }
                }
                assertThat(read).as(access.user() + " reads").containsAll(wanted);
                consumer.commitSync(WAIT);
            }
        }
    }

    @Test
    void theServicesDoNotWriteTopicsTheyDoNotOwn() throws Exception {
        assertWriteRefused("alert-service", Topic.DEVICE_COMMANDS);
        assertWriteRefused("device-gateway", Topic.CONFIG);
        assertWriteRefused(Topic.PBX_NODE, Topic.DEVICE_COMMANDS);
        // and, wholesale, every topic outside each user's grants
        for (Access access : Access.plan()) {
            try (KafkaProducer<String, String> producer = clientsOf(access.user()).producer(access.user(),
                    Duration.ofSeconds(10), Duration.ofSeconds(10))) {
                for (Topic t : EnumSet.complementOf(EnumSet.copyOf(access.writes()))) {
                    assertRefused(producer, access.user(), t);
                }
            }
        }
    }

    @Test
    void aUserReadsNoTopicOutsideItsGrants() {
        for (Access access : Access.plan()) {
            try (KafkaConsumer<String, byte[]> reader = clientsOf(access.user()).reader(access.user())) {
                for (Topic t : Topic.values()) {
                    if (access.reads().contains(t)) {
                        continue;
                    }
                    reader.assign(List.of(new TopicPartition(t.topicName(), 0)));
                    reader.seekToBeginning(List.of(new TopicPartition(t.topicName(), 0)));
                    Throwable refused = catchThrowable(() -> {
                        long deadline = System.nanoTime() + WAIT.toNanos();
                        while (System.nanoTime() < deadline) {
                            if (!reader.poll(Duration.ofMillis(200)).isEmpty()) {
                                return;
                            }
                        }
                    });
                    assertThat(refused).as(access.user() + " reads " + t.topicName())
                            .isInstanceOf(TopicAuthorizationException.class);
                    reader.unsubscribe();
                }
            }
        }
    }

    @Test
    void aServiceCannotUseAnotherServicesGroup() {
        try (KafkaConsumer<String, byte[]> consumer = clientsOf("alert-service").groupConsumer("alert-service",
                "config-service", "earliest", TIMING, 10)) {
            consumer.subscribe(List.of(Topic.DEVICE_EVENTS.topicName()));
            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> settings = new HashMap<>(broker.clientSettings("config-service"));
        settings.putAll(KafkaBroker.saslSettings("config-service", "not-the-password"));
        try (KafkaProducer<String, String> producer = new KafkaClients(settings).producer("config-service",
                Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(Topic.CONFIG.topicName(),
                    "dev-1", "{}")).get(30, TimeUnit.SECONDS));
            assertThat(failure instanceof ExecutionException ? failure.getCause() : failure)
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    private static void assertWriteRefused(String user, Topic topic) throws Exception {
        try (KafkaProducer<String, String> producer = clientsOf(user).producer(user, Duration.ofSeconds(10),
                Duration.ofSeconds(10))) {
            assertRefused(producer, user, topic);
        }
    }

    private static void assertRefused(KafkaProducer<String, String> producer, String user, Topic topic) {
        Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(topic.topicName(), "dev-1",
                "{}")).get(30, TimeUnit.SECONDS));
        assertThat(failure).as(user + " writes " + topic.topicName()).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).as(user + " writes " + topic.topicName())
                .isInstanceOf(TopicAuthorizationException.class);
    }
}
