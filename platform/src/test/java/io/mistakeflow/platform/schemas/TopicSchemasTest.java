package io.mistakeflow.platform.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.platform.deploy.PipelineRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schemas ({@code common/src/main/resources/schemas/<topic>.json}) hold for real
 * records: the parity sample's input rows and everything both production topologies write for them.
 */
class TopicSchemasTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static PipelineRecords records;

    @BeforeAll
    static void runThePipeline() {
        records = PipelineRecords.run(PipelineMetrics.inMemory(), Integer.MAX_VALUE);
    }

    static Schema schema(Topic<?, ?> topic) throws IOException {
        try (InputStream in = TopicSchemasTest.class.getClassLoader().getResourceAsStream("schemas/" + topic.name() + ".json")) {
            assertThat(in).as("schemas/" + topic.name() + ".json on the classpath (common)").isNotNull();
            return REGISTRY.getSchema(in);
        }
    }

    @Test
    void everyTopicHasASchema() throws IOException {
        for (Topic<String, ?> topic : Topics.ALL) {
            assertThat(schema(topic)).as(topic.name()).isNotNull();
        }
    }

    @Test
    void everyRecordTheTopologiesWriteMatchesItsTopicsSchema() throws IOException {
        for (Topic<String, ?> topic : List.of(Topics.BASELINES, Topics.PATTERNS, Topics.ANALYSED_MISTAKES,
                Topics.PATTERN_UPDATES, Topics.RECOMMENDATIONS, Topics.UI_REFLEX_EVENTS, Topics.DEAD_LETTER)) {
            assertValid(topic, records.values(topic));
        }
    }

    @Test
    void theInputRowsMatchTheirSchemas() throws IOException {
        for (Topic<String, ?> topic : List.of(Topics.MISTAKE_TYPES, Topics.PRESETS, Topics.STUDENT_SETTINGS)) {
            assertValid(topic, records.values(topic));
        }
        List<byte[]> good = records.values(Topics.MISTAKES).stream()
                .filter(v -> !new String(v).equals(PipelineRecords.BAD_ROW)).toList();
        assertValid(Topics.MISTAKES, good);
    }

    @Test
    void aRecordMissingAColumnOrCarryingAnUnknownOneIsRejected() throws IOException {
        JsonNode event = Json.MAPPER.readTree(records.values(Topics.UI_REFLEX_EVENTS).get(0));
        Map<?, ?> fields = Json.MAPPER.convertValue(event, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> missing = new java.util.LinkedHashMap<>((Map<String, Object>) fields);
        missing.remove("student_id");
        Map<String, Object> extra = new java.util.LinkedHashMap<>(missing);
        extra.put("student_id", "not-a-uuid");
        extra.put("colour", "red");
        assertThat(schema(Topics.UI_REFLEX_EVENTS).validate(Json.MAPPER.valueToTree(missing))).isNotEmpty();
        assertThat(schema(Topics.UI_REFLEX_EVENTS).validate(Json.MAPPER.valueToTree(extra))).hasSizeGreaterThanOrEqualTo(2);
    }

    private static void assertValid(Topic<?, ?> topic, List<byte[]> values) throws IOException {
        assertThat(values).as(topic.name() + " has records to check").isNotEmpty();
        Schema schema = schema(topic);
        for (byte[] value : values) {
            JsonNode node = Json.MAPPER.readTree(value);
            List<Error> errors = schema.validate(node);
            assertThat(errors).as(topic.name() + ": " + node).isEmpty();
        }
    }
}
