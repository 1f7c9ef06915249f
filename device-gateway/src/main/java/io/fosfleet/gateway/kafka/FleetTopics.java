package io.fosfleet.gateway.kafka;

import io.fosfleet.events.Topic;
import io.fosfleet.gateway.GatewayConfig;
import io.fosfleet.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The topics a replica needs before it joins the fleet: missing catalogue topics created when configured to, and the
 * co-partitioned topics checked for equal partition counts.
 */
public final class FleetTopics {

    private static final Logger LOG = Logger.getLogger(FleetTopics.class);
    /** Topics whose partition N must hold the same devices: a device's records are keyed by its id everywhere. */
    static final Set<Topic> CO_PARTITIONED = EnumSet.of(Topic.CONFIG, Topic.DEVICE_COMMANDS, Topic.DEVICE_STATE,
            Topic.COMMAND_RESULTS);

    private FleetTopics() {
    }

    /**
     * Creates missing topics when configured to, then insists that the co-partitioned topics have equal partition
     * counts: otherwise a replica would receive commands for devices it does not own.
     *
     * @throws IllegalStateException when Kafka cannot be asked or the partition counts differ
     */
    public static void prepare(KafkaClients kafka, String clientId, GatewayConfig.Kafka config) {
        try (Admin admin = kafka.admin(clientId + "-admin")) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (config.createTopics()) {
                List<Topic> missing = Arrays.stream(Topic.values()).filter(t -> !existing.contains(t.topicName()))
                        .toList();
                if (!missing.isEmpty()) {
                    LOG.infof("creating topics %s", missing.stream().map(Topic::topicName).toList());
                    try {
                        // another replica may create them at the same moment: an existing topic is fine
                        kafka.createTopics(clientId + "-admin", missing, Optional.of(config.partitions()));
                    } catch (IllegalStateException e) {
                        // the check below says whether the gateway can work without it
                        LOG.warn(e.getMessage());
                    }
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(CO_PARTITIONED.stream()
                    .map(Topic::topicName).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, Integer> counts = described.values().stream().collect(Collectors.toMap(TopicDescription::name,
                    d -> d.partitions().size()));
            if (counts.values().stream().distinct().count() > 1) {
                throw new IllegalStateException("topics " + counts + " must have equal partition counts: a device's "
                        + "configuration, commands, state and results must land in the same partition number");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check the fosfleet topics: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s while checking the topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics", e);
        }
    }
}
