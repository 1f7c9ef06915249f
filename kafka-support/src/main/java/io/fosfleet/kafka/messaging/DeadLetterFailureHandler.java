package io.fosfleet.kafka.messaging;

import io.fosfleet.events.EventFormatException;
import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.RateLimitedLog;
import io.fosfleet.kafka.Reasons;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The SmallRye Kafka connector's failure strategy {@code fosfleet-dead-letters}: a record the channel method nacks is
 * copied to {@code <topic>.dlq} by {@link DeadLetters} — the same copy and the same {@code fos.dlq.*} headers a
 * {@code RecordLoop} service writes — and then acked, so the commit strategy lets its partition move on. Select it on
 * an incoming channel with {@code failure-strategy=fosfleet-dead-letters}.
 *
 * <p>The nack's exception says why: an {@link EventFormatException} or {@link Unreadable} anywhere in its causes is
 * {@code unreadable} (0 attempts), a {@link GaveUp} is {@code failed} with its attempt count, anything else is
 * {@code failed} after 1 attempt. Retries happen before the nack, in the channel method ({@link Retrying}): this
 * handler cannot call the method again.
 *
 * <p>When the broker does not take the copy, the record is neither acked nor committed: the channel is reported
 * failed (the service's health turns DOWN) and the record is read again after a restart. A record is never lost
 * between the copy and the commit.
 *
 * <p>A service tells its metrics of each dead letter with a {@link DeadLetters.Listener} bean; without one, nothing
 * is counted.
 */
@ApplicationScoped
@Identifier(DeadLetterFailureHandler.NAME)
public class DeadLetterFailureHandler implements KafkaFailureHandler.Factory {

    /** The value of the channel's {@code failure-strategy}. */
    public static final String NAME = "fosfleet-dead-letters";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterFailureHandler.class);
    /** Consumer settings a producer also knows but must not take over. */
    private static final Set<String> NOT_FOR_THE_PRODUCER = Set.of(ProducerConfig.CLIENT_ID_CONFIG,
            ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    @Inject
    Instance<DeadLetters.Listener> listeners;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                      KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        Map<String, ?> consumerConfig = consumer.configuration();
        String group = config.getGroupId().orElse(String.valueOf(consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG)));
        String clientId = Optional.ofNullable(consumerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG))
                .map(Object::toString).orElse(config.getChannel());
        DeadLetters.Listener listener = listeners != null && listeners.isResolvable() ? listeners.get()
                : (topic, cause) -> { };
        return new Handler(new DeadLetters(producerSettings(consumerConfig), clientId, group, listener), reportFailure);
    }

    /** The connection part of the consumer's settings (bootstrap, security), which the dead-letter producer shares. */
    static Map<String, Object> producerSettings(Map<String, ?> consumerConfig) {
        Set<String> known = ProducerConfig.configNames();
        Map<String, Object> settings = new HashMap<>();
        consumerConfig.forEach((k, v) -> {
            if (v != null && known.contains(k) && !NOT_FOR_THE_PRODUCER.contains(k)) {
                settings.put(k, v);
            }
        });
        return settings;
    }

    /** Why a nacked record goes to the dead letters, read from the nack's exception. */
    static DeadLetters.Cause causeOf(Throwable reason) {
        for (Throwable t = reason; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventFormatException || t instanceof Unreadable) {
                return DeadLetters.Cause.UNREADABLE;
            }
        }
        return DeadLetters.Cause.FAILED;
    }

    static int attemptsOf(Throwable reason, DeadLetters.Cause cause) {
        if (cause == DeadLetters.Cause.UNREADABLE) {
            return 0;
        }
        for (Throwable t = reason; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GaveUp g) {
                return g.attempts();
            }
        }
        return 1;
    }

    private static final class Handler implements KafkaFailureHandler {

        private final DeadLetters deadLetters;
        private final BiConsumer<Throwable, Boolean> reportFailure;
        private final RateLimitedLog log;

        Handler(DeadLetters deadLetters, BiConsumer<Throwable, Boolean> reportFailure) {
            this.deadLetters = deadLetters;
            this.reportFailure = reportFailure;
            this.log = new RateLimitedLog(LOG, Duration.ofSeconds(10));
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            ConsumerRecord<String, Object> copy = new ConsumerRecord<>(record.getTopic(), record.getPartition(),
                    record.getOffset(), record.getTimestamp().toEpochMilli(), TimestampType.CREATE_TIME,
                    ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE,
                    record.getKey() == null ? null : record.getKey().toString(), record.getPayload(),
                    record.getHeaders(), Optional.empty());
            DeadLetters.Cause cause = causeOf(reason);
            String why = Reasons.of(reason);
            int attempts = attemptsOf(reason, cause);
            return Uni.createFrom().completionStage(() -> deadLetters.sendAsync(copy, cause, why, attempts))
                    .onItem().invoke(() -> log.warn(record.getTopic() + "-" + record.getPartition(),
                            "dead-lettered " + DeadLetters.where(copy) + " (" + cause.tag() + "): " + why))
                    .onItem().transformToUni(done -> Uni.createFrom().completionStage(record.ack()))
                    .onFailure().invoke(e -> {
                        LOG.error("{} is not dead-lettered and not committed: {}", DeadLetters.where(copy), e.getMessage());
                        reportFailure.accept(e, true);
                    })
                    .emitOn(record::runOnMessageContext);
        }

        @Override
        public void terminate() {
            deadLetters.close();
        }
    }
}
