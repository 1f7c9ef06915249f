package io.fosfleet.kafka.messaging;

import io.fosfleet.events.EventFormatException;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a nack's exception becomes the dead letter's cause and attempts, and which settings the producer takes over. */
class DeadLetterFailureHandlerTest {

    @Test
    void anUnreadableRecordIsUnreadableWithNoAttemptsWhereverTheFormatErrorSits() {
        Throwable wrapped = new RuntimeException("judging failed", new EventFormatException("message: too long", null));
        assertThat(DeadLetterFailureHandler.causeOf(wrapped)).isEqualTo(DeadLetters.Cause.UNREADABLE);
        assertThat(DeadLetterFailureHandler.attemptsOf(wrapped, DeadLetters.Cause.UNREADABLE)).isZero();
        // the reading error alone, as RecordLoop writes it
        assertThat(DeadLetterFailureHandler.reasonOf(wrapped, DeadLetters.Cause.UNREADABLE))
                .isEqualTo("message: too long");
        Throwable unreadable = new Unreadable("type: PRIMARY_EXPLODED unknown", new IllegalArgumentException("x"));
        assertThat(DeadLetterFailureHandler.causeOf(unreadable)).isEqualTo(DeadLetters.Cause.UNREADABLE);
    }

    @Test
    void aRecordTheHandlerGaveUpOnIsFailedWithItsAttemptsAndAnyOtherFailureAfterOne() {
        Throwable gaveUp = new GaveUp(3, new IllegalStateException("database away"));
        assertThat(DeadLetterFailureHandler.causeOf(gaveUp)).isEqualTo(DeadLetters.Cause.FAILED);
        assertThat(DeadLetterFailureHandler.attemptsOf(gaveUp, DeadLetters.Cause.FAILED)).isEqualTo(3);
        assertThat(DeadLetterFailureHandler.reasonOf(gaveUp, DeadLetters.Cause.FAILED)).isEqualTo("database away");
        Throwable other = new IllegalStateException("no route");
        assertThat(DeadLetterFailureHandler.causeOf(other)).isEqualTo(DeadLetters.Cause.FAILED);
        assertThat(DeadLetterFailureHandler.attemptsOf(other, DeadLetters.Cause.FAILED)).isEqualTo(1);
    }

    @Test
    void theDeadLetterProducerSharesTheConnectionAndSecurityButNotTheConsumersOwnSettings() {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("bootstrap.servers", "kafka:9093");
        consumer.put("security.protocol", "SASL_SSL");
        consumer.put("sasl.mechanism", "SCRAM-SHA-512");
        consumer.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        consumer.put("ssl.truststore.location", "/etc/kafka/ca.p12");
        consumer.put("group.id", "alert-service");
        consumer.put("client.id", "alert-service");
        consumer.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        consumer.put("interceptor.classes", "some.ConsumerInterceptor");
        consumer.put("session.timeout.ms", 6000);
        Map<String, Object> producer = DeadLetterFailureHandler.producerSettings(consumer);
        assertThat(producer).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism",
                "sasl.jaas.config", "ssl.truststore.location");
    }

    @Test
    void retryingTriesUpToThePolicyThenGivesUpSayingHowOften() {
        AtomicInteger tries = new AtomicInteger();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2));
        assertThatThrownBy(() -> Retrying.run(policy, e -> false, () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("receiver away");
        })).isInstanceOfSatisfying(GaveUp.class, g -> {
            assertThat(g.attempts()).isEqualTo(3);
            assertThat(g).hasMessage("receiver away");
        });
        assertThat(tries).hasValue(3);

        tries.set(0);
        Retrying.run(policy, e -> false, () -> {
            if (tries.incrementAndGet() < 2) {
                throw new IllegalStateException("once");
            }
        });
        assertThat(tries).hasValue(2);
    }

    @Test
    void retryingDoesNotRetryWhatCannotBeRead() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Retrying.run(RetryPolicy.DEFAULT, e -> e instanceof Unreadable, () -> {
            tries.incrementAndGet();
            throw new Unreadable("broken JSON", null);
        })).isInstanceOf(Unreadable.class);
        assertThat(tries).hasValue(1);
    }
}
