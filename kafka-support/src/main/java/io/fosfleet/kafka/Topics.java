package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
     * @param partitions  for topics that do not fix their own count; empty for the broker's default
     * @param replicas    empty for the broker's default replication factor
     * @return per topic that could not be created, why (empty when all exist now)
     */
    public static Map<String, String> create(Admin admin, Collection<Topic> topics, Optional<Integer> partitions,
                                             Optional<Short> replicas) throws InterruptedException {
        List<NewTopic> wanted = topics.stream()
                .map(t -> new NewTopic(t.topicName(), t.partitions().or(() -> partitions), replicas).configs(t.config()))
                .toList();
        Map<String, String> failed = new LinkedHashMap<>();
        for (var e : admin.createTopics(wanted).values().entrySet()) {
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
