package io.mistakeflow.platform.deploy;

import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.recommender.RecommenderSettings;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Real records of every topic: the parity sample's input rows, and what both production topologies
 * (built from their settings as the apps build them) write for them in TopologyTestDriver, counting
 * into the given metrics. One bad mistake row is added, so the dead-letter topic and meter have one.
 */
public final class PipelineRecords {

    static final Path SAMPLE = Path.of("src/test/resources/parity-sample");
    public static final String BAD_ROW = "{\"id\": \"not-a-uuid\"}";

    private final Map<String, List<byte[]>> values = new LinkedHashMap<>();

    private PipelineRecords() {
    }

    /** @param mistakes how many of the sample's mistakes to run (from the first) */
    public static PipelineRecords run(PipelineMetrics metrics, int mistakes) {
        PipelineRecords records = new PipelineRecords();
        try {
            records.drive(metrics, mistakes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** Every value written to (or read from, for inputs) the topic, in order. */
    public List<byte[]> values(Topic<?, ?> topic) {
        return values.getOrDefault(topic.name(), List.of());
    }

    private void drive(PipelineMetrics metrics, int count) throws IOException {
        SettingsSource defaults = SettingsSource.of(Map.of());
        try (TopologyTestDriver analyzer = new TopologyTestDriver(
                AnalyzerTopology.build(AnalyzerSettings.from(defaults).options(metrics)).topology(), config("analyzer"));
             TopologyTestDriver recommender = new TopologyTestDriver(RecommenderTopology.build(
                     RecommenderSettings.from(defaults).options(StoreSuppliers.IN_MEMORY, metrics)).topology(),
                     config("recommender"))) {
            for (byte[] row : lines("mistake_types.jsonl")) {
                pipe(analyzer, Topics.MISTAKE_TYPES, Rows.mistakeType(row).mistakeCode(), row, Instant.EPOCH);
            }
            for (Preset preset : Preset.SEEDED) {
                pipe(analyzer, Topics.PRESETS, preset.presetName(), Json.MAPPER.writeValueAsBytes(preset), Instant.EPOCH);
            }
            for (byte[] row : lines("student_analysis_settings.jsonl")) {
                pipe(analyzer, Topics.STUDENT_SETTINGS, Rows.studentSettings(row).studentId(), row, Instant.EPOCH);
            }
            List<byte[]> mistakes = lines("input_mistakes.jsonl");
            Instant last = Instant.EPOCH;
            for (byte[] row : mistakes.subList(0, Math.min(count, mistakes.size()))) {
                Mistake mistake = Rows.mistake(row);
                last = mistake.occurredAt();
                pipe(analyzer, Topics.MISTAKES, mistake.studentId(), row, last);
                forwardUpdates(analyzer, recommender);
            }
            pipe(analyzer, Topics.MISTAKES, "00000000-0000-4000-8000-000000000010", BAD_ROW.getBytes(StandardCharsets.UTF_8), last);
            forwardUpdates(analyzer, recommender);
            for (Topic<String, ?> output : List.of(Topics.BASELINES, Topics.PATTERNS, Topics.ANALYSED_MISTAKES,
                    Topics.DEAD_LETTER)) {
                read(analyzer, output);
            }
            read(recommender, Topics.RECOMMENDATIONS);
            read(recommender, Topics.UI_REFLEX_EVENTS);
        }
    }

    private void forwardUpdates(TopologyTestDriver analyzer, TopologyTestDriver recommender) {
        TestOutputTopic<String, byte[]> updates = analyzer.createOutputTopic(Topics.PATTERN_UPDATES.name(),
                new StringDeserializer(), new ByteArrayDeserializer());
        for (TestRecord<String, byte[]> update : updates.readRecordsToList()) {
            values.computeIfAbsent(Topics.PATTERN_UPDATES.name(), t -> new ArrayList<>()).add(update.value());
            pipe(recommender, Topics.PATTERN_UPDATES, update.key(), update.value(), update.getRecordTime());
        }
    }

    private void pipe(TopologyTestDriver driver, Topic<?, ?> topic, String key, byte[] value, Instant time) {
        TestInputTopic<String, byte[]> input = driver.createInputTopic(topic.name(), new StringSerializer(),
                new ByteArraySerializer());
        input.pipeInput(key, value, time);
        if (topic != Topics.PATTERN_UPDATES) {
            values.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(value);
        }
    }

    private void read(TopologyTestDriver driver, Topic<?, ?> topic) {
        driver.createOutputTopic(topic.name(), new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList()
                .stream().filter(v -> v != null)
                .forEach(v -> values.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(v));
    }

    private static List<byte[]> lines(String file) throws IOException {
        return Files.readAllLines(SAMPLE.resolve(file), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static Properties config(String app) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "mistakeflow-records-" + app);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return config;
    }
}
