package io.mistakeflow.platform.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/asyncapi.yaml describes every topic of {@link Topics}, with its key, partitioning and schema. */
class AsyncApiDocumentTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static JsonNode document;
    private static final Map<String, JsonNode> CHANNELS = new HashMap<>();

    @BeforeAll
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOCS.resolve("asyncapi.yaml"))) {
            document = new ObjectMapper().valueToTree(new Yaml().load(reader));
        }
        document.path("channels").forEach(channel -> CHANNELS.put(channel.path("address").asText(), channel));
    }

    @Test
    void itIsAnAsyncApi3DocumentForKafka() {
        assertThat(document.path("asyncapi").asText()).startsWith("3.");
        assertThat(document.path("servers").path("compose").path("protocol").asText()).isEqualTo("kafka");
    }

    @Test
    void everyTopicIsAChannelWithItsPartitioningAndNoOtherTopicIs() {
        for (Topic<String, ?> topic : Topics.ALL) {
            JsonNode channel = CHANNELS.get(topic.name());
            assertThat(channel).as(topic.name() + " in docs/asyncapi.yaml").isNotNull();
            String partitioning = topic.partitioning() == Topic.Partitioning.BY_STUDENT ? "Partitioning: by student_id"
                    : "Partitioning: one partition";
            assertThat(channel.path("description").asText()).as(topic.name()).contains(partitioning).contains("Key: ");
        }
        assertThat(CHANNELS).hasSameSizeAs(Topics.ALL);
    }

    @Test
    void everyChannelsMessageLinksItsTopicsSchemaFile() {
        for (Topic<String, ?> topic : Topics.ALL) {
            JsonNode channel = CHANNELS.get(topic.name());
            String ref = channel.path("messages").elements().next().path("$ref").asText();
            JsonNode message = document.at(ref.substring(1));
            assertThat(message.isMissingNode()).as(ref).isFalse();
            String schema = message.path("payload").path("schema").path("$ref").asText();
            assertThat(schema).as(topic.name()).endsWith("/schemas/" + topic.name() + ".json");
            assertThat(DOCS.resolve(schema)).as(topic.name() + ": the linked file").exists();
            assertThat(message.path("bindings").path("kafka").path("key").path("type").asText()).isEqualTo("string");
        }
    }
}
