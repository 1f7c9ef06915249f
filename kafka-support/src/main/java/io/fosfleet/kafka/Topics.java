package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates topics of the {@link Topic} catalogue, each with its own configuration; an existing topic is left alone. */
public final class Topics {

    private Topics() {
    }

    /**
     * Creates catalogue topics.
     *
     * @param partitions  for topics that do not fix their own count; empty for the broker's default
     * @param replicas    empty for the broker's default replication factor
     * @return per topic that could not be created, why (empty when all exist now)
     */
    public static Map<String, String> create(Admin admin, Collection<Topic> topics, Optional<Integer> partitions,
                                             Optional<Short> replicas) throws InterruptedException {
        return create(admin, topics.stream().map(t -> newTopic(t, partitions, replicas)).toList());
    }

    /** A catalogue topic to create, with its own configuration and, where it fixes one, its own partition count. */
    public static NewTopic newTopic(Topic topic, Optional<Integer> partitions, Optional<Short> replicas) {
        return new NewTopic(topic.topicName(), topic.partitions().or(() -> partitions), replicas)
                .configs(topic.config());
    }

    /** @return per topic that could not be created, why (an existing topic is fine) */
    public static Map<String, String> create(Admin admin, Collection<NewTopic> topics) throws InterruptedException {
        Map<String, String> failed = new LinkedHashMap<>();
        for (var e : admin.createTopics(topics).values().entrySet()) {
            try {
                e.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    failed.put(e.getKey(), Reasons.of(ex.getCause()));
                }
            } catch (TimeoutException ex) {
                failed.put(e.getKey(), "Kafka did not answer within 30 s");
            }
        }
        return failed;
    }
}
