package io.fosfleet.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fosfleet.events.Topic;
import io.fosfleet.kafka.KafkaClients;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running system's broker is secured: every service works with its own Kafka user (the other end-to-end tests
 * show that), and those same credentials cannot write a topic the service does not own. Writes nothing that
 * succeeds, so it disturbs no other test.
 */
@Order(E2eOrder.QUIET)
@ExtendWith(TailOnFailure.class)
class KafkaAclIT {

    private static FosfleetSystem system;

    @BeforeAll
    static void system() {
        system = FosfleetSystem.get();
        assumeTrue(system.broker().secured(), "the broker runs without security ("
                + FosfleetSystem.KAFKA_SECURITY_PROPERTY + "=plaintext)");
    }

    @Test
    void aServicesOwnCredentialsCannotWriteATopicItDoesNotOwn() {
        assertThat(refusal("alert-service", Topic.DEVICE_COMMANDS)).as("alert-service writes device commands")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(refusal("device-gateway", Topic.CONFIG)).as("device-gateway writes desired configuration")
                .isInstanceOf(TopicAuthorizationException.class);
    }

    /** What sending one record to {@code topic} with {@code user}'s credentials fails with (null if it succeeds). */
    private static Throwable refusal(String user, Topic topic) {
        try (KafkaProducer<String, String> producer = new KafkaClients(system.kafkaSettings(user))
                .producer("e2e-acl-" + user, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(topic.topicName(),
                    "e2e-acl-device", "{}")).get(30, TimeUnit.SECONDS));
            return failure instanceof ExecutionException ? failure.getCause() : failure;
        }
    }
}
