package io.fosfleet.heartbeat;

import io.fosfleet.events.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a deployment would create before the services start. */
final class Topics {

    static final int CONFIG_PARTITIONS = 6;

    private Topics() {
    }

    static void create(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (NewTopic topic : List.of(
                    new NewTopic(Topic.CONFIG.topicName(), CONFIG_PARTITIONS, (short) 1).configs(Topic.CONFIG.config()),
                    new NewTopic(Topic.HEARTBEAT_EVENTS.topicName(), 3, (short) 1),
                    new NewTopic(Topic.HEARTBEAT_KICKS.topicName(), 3, (short) 1)
                            .configs(Topic.HEARTBEAT_KICKS.config()),
                    new NewTopic(Topic.DEVICE_COMMANDS.topicName(), 3, (short) 1),
                    new NewTopic(Topic.NODE_HEARTBEATS.topicName(), 3, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic.name(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
