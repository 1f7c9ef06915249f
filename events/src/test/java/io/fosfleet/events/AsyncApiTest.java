package io.fosfleet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** events/asyncapi.yaml describes exactly the topics of the catalogue, as the catalogue creates them. */
class AsyncApiTest {

    private static final Path DOCUMENT = Path.of("asyncapi.yaml");

    private final JsonNode api = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DOCUMENT));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read events/asyncapi.yaml: " + e.getMessage(), e);
        }
    }

    private Map<String, JsonNode> channelsByAddress() {
        Map<String, JsonNode> channels = new HashMap<>();
        api.get("channels").fields().forEachRemaining(c -> {
            JsonNode before = channels.put(c.getValue().get("address").asText(), c.getValue());
            assertThat(before).as("one channel for " + c.getValue().get("address").asText()).isNull();
        });
        return channels;
    }

    @Test
    void itIsAnAsyncApi3DocumentWithAChannelForEveryTopicOfTheCatalogueAndNoOther() {
        assertThat(api.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(channelsByAddress().keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(Topic.values()).map(Topic::topicName).toList());
    }

    @Test
    void everyChannelSaysHowItsTopicIsCreatedAndWhoWritesIt() {
        Map<String, JsonNode> channels = channelsByAddress();
        for (Topic topic : Topic.values()) {
            JsonNode channel = channels.get(topic.topicName());
            JsonNode kafka = channel.at("/bindings/kafka");
            String name = topic.topicName();
            assertThat(kafka.get("topic").asText()).as(name).isEqualTo(name);
            assertThat(kafka.at("/topicConfiguration/cleanup.policy/0").asText()).as(name + " cleanup.policy")
                    .isEqualTo(topic.config().get("cleanup.policy"));
            if (topic.config().containsKey("retention.ms")) {
                assertThat(kafka.at("/topicConfiguration/retention.ms").asText()).as(name + " retention.ms")
                        .isEqualTo(topic.config().get("retention.ms"));
            }
            topic.partitions().ifPresentOrElse(
                    p -> assertThat(kafka.get("partitions").asInt()).as(name + " partitions").isEqualTo(p),
                    () -> assertThat(kafka.has("partitions")).as(name + " partitions").isFalse());
            topic.producer().ifPresent(p -> assertThat(channel.get("x-fosfleet-producers").toString())
                    .as(name + " producers").contains(p));
            assertThat(channel.has("x-fosfleet-consumers")).as(name + " consumers").isTrue();
            // the catalogue's readers (the Kafka access plan is made from them) are the document's consumers
            topic.readers().forEach(r -> assertThat(channel.get("x-fosfleet-consumers").toString())
                    .as(name + " consumers").contains(r));
            boolean internal = topic.kind() == Topic.Kind.SERVICE && topic.producer().orElseThrow().equals("alert-service");
            assertThat(channel.path("x-internal").asBoolean(false)).as(name + " x-internal").isEqualTo(internal);
        }
    }

    @Test
    void aRecordTopicsMessageHasTheRecordsSchemaTheDeviceIdKeyAndTheCloudEventsHeaders() {
        Map<String, JsonNode> channels = channelsByAddress();
        for (Topic topic : Topic.records()) {
            JsonNode ref = channels.get(topic.topicName()).get("messages").elements().next();
            JsonNode message = resolve(ref.get("$ref").asText());
            assertThat(message.at("/payload/$ref").asText()).as(topic.topicName())
                    .isEqualTo(JsonSchemaTest.file(topic).toString());
            assertThat(Files.exists(JsonSchemaTest.file(topic))).isTrue();
            assertThat(message.at("/headers/$ref").asText()).isEqualTo("#/components/schemas/CloudEventHeaders");
            assertThat(message.at("/bindings/kafka/key/$ref").asText()).isEqualTo("#/components/schemas/DeviceIdKey");
            assertThat(message.at("/summary").asText()).contains("io.fosfleet." + topic.topicName().substring(4));
        }
        assertThat(resolve("#/components/schemas/CloudEventHeaders").get("required").toString())
                .contains("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time");
    }

    @Test
    void everyReferenceInsideTheDocumentResolves() {
        List<String> refs = new ArrayList<>();
        collect(api, refs);
        assertThat(refs).hasSizeGreaterThan(40);
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                assertThat(resolve(ref).isMissingNode()).as(ref).isFalse();
            } else {
                assertThat(Files.exists(Path.of(ref))).as(ref).isTrue();
            }
        }
    }

    private JsonNode resolve(String ref) {
        return api.at(ref.substring(1));
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collect(child, refs));
    }
}
