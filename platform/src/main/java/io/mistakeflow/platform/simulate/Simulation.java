package io.mistakeflow.platform.simulate;

import io.mistakeflow.analyzer.topology.AnalyzerOptions;
import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.mistake.StudentTopicKey;
import io.mistakeflow.common.streams.AppTopology;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.common.reference.Preset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@code ./pipeline simulate}: the production topologies without a broker. Reference rows go in
 * first, then mistakes in file order; the analyzer's pattern updates feed the recommender as they
 * are produced. Writes the final baselines and patterns, every analysed mistake, the final
 * recommendations and every event, as the Kafka topics would carry them.
 */
public final class Simulation {

    private final SimulationInputs inputs;
    private final AppTopology recommender;
    private final PrintStream log;

    private final Map<String, Baseline> baselines = new TreeMap<>();
    private final Map<String, MistakePattern> patterns = new TreeMap<>();
    private final Map<String, Recommendation> recommendations = new LinkedHashMap<>();
    private long mistakesIn;
    private long badLines;

    /** @param recommender the recommender topology, built with the settings to simulate */
    public Simulation(SimulationInputs inputs, AppTopology recommender, PrintStream log) {
        this.inputs = inputs;
        this.recommender = recommender;
        this.log = log;
    }

    public Summary run(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        try (TopologyTestDriver analyzer = new TopologyTestDriver(
                AnalyzerTopology.build(AnalyzerOptions.inMemory()).topology(), config("mistakeflow-simulate-analyzer"));
             TopologyTestDriver recommend = new TopologyTestDriver(recommender.topology(),
                     config("mistakeflow-simulate-recommender"));
             JsonLines analysed = new JsonLines(outDir.resolve("analysed_mistakes.jsonl"));
             JsonLines events = new JsonLines(outDir.resolve("ui_reflex_events.jsonl"))) {

            pipeReference(analyzer, Topics.MISTAKE_TYPES, inputs.mistakeTypes(), row -> Rows.mistakeType(row).mistakeCode());
            if (inputs.presets() == null) {
                TestInputTopic<String, byte[]> presets = input(analyzer, Topics.PRESETS);
                for (Preset preset : Preset.SEEDED) {
                    presets.pipeInput(preset.presetName(), Json.MAPPER.writeValueAsBytes(preset), Instant.EPOCH);
                }
            } else {
                pipeReference(analyzer, Topics.PRESETS, inputs.presets(), row -> Rows.preset(row).presetName());
            }
            pipeReference(analyzer, Topics.STUDENT_SETTINGS, inputs.studentSettings(),
                    row -> Rows.studentSettings(row).studentId());

            TestInputTopic<String, byte[]> mistakes = input(analyzer, Topics.MISTAKES);
            TestOutputTopic<String, Baseline> baselineOut = output(analyzer, Topics.BASELINES);
            TestOutputTopic<String, MistakePattern> patternOut = output(analyzer, Topics.PATTERNS);
            TestOutputTopic<String, AnalysedMistake> analysedOut = output(analyzer, Topics.ANALYSED_MISTAKES);
            TestOutputTopic<String, PatternUpdate> updatesOut = output(analyzer, Topics.PATTERN_UPDATES);
            TestInputTopic<String, PatternUpdate> updatesIn = input(recommend, Topics.PATTERN_UPDATES);
            TestOutputTopic<String, Recommendation> recoOut = output(recommend, Topics.RECOMMENDATIONS);
            TestOutputTopic<String, UiReflexEvent> eventOut = output(recommend, Topics.UI_REFLEX_EVENTS);

            forEachLine(inputs.mistakes(), (lineNo, row) -> {
                Mistake mistake = Rows.mistake(row);
                mistakes.pipeInput(mistake.studentId(), row, mistake.occurredAt());
                mistakesIn++;
                for (TestRecord<String, Baseline> r : baselineOut.readRecordsToList()) {
                    baselines.put(sortKey(r.value().studentId(), r.value().globalTopicUid()), r.value());
                }
                for (TestRecord<String, MistakePattern> r : patternOut.readRecordsToList()) {
                    patterns.put(sortKey(r.value().studentId(), r.value().globalTopicUid()), r.value());
                }
                analysedOut.readValuesToList().forEach(analysed::write);
                for (TestRecord<String, PatternUpdate> update : updatesOut.readRecordsToList()) {
                    updatesIn.pipeInput(update);
                    recoOut.readValuesToList().forEach(r -> recommendations.put(r.id(), r));
                    eventOut.readValuesToList().forEach(events::write);
                }
            });
        }
        writeAll(outDir.resolve("baselines.jsonl"), baselines.values());
        writeAll(outDir.resolve("patterns.jsonl"), patterns.values());
        writeAll(outDir.resolve("recommendations.jsonl"), recommendations.values());
        return new Summary(mistakesIn, badLines, baselines.size(), patterns.size(), recommendations.size());
    }

    public record Summary(long mistakes, long badLines, int baselines, int patterns, int recommendations) {
    }

    /** Final-state files are ordered by (student_id, global_topic_uid), a null topic first. */
    private static String sortKey(String studentId, String topic) {
        return new StudentTopicKey(studentId, topic).encode();
    }

    private void pipeReference(TopologyTestDriver driver, Topic<String, byte[]> topic, Path file,
                               Function<byte[], String> key) throws IOException {
        if (file == null) {
            return;
        }
        TestInputTopic<String, byte[]> in = input(driver, topic);
        forEachLine(file, (lineNo, row) -> in.pipeInput(key.apply(row), row, Instant.EPOCH));
    }

    private interface LineHandler {
        void handle(long lineNo, byte[] row);
    }

    /** A line that does not follow the input contract is reported with its number and skipped. */
    private void forEachLine(Path file, LineHandler handler) throws IOException {
        long lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                handler.handle(lineNo, line.getBytes(StandardCharsets.UTF_8));
            } catch (BadRecordException e) {
                badLines++;
                log.printf("%s:%d: skipped: %s%n", file.getFileName(), lineNo, e.getMessage());
            }
        }
    }

    private static void writeAll(Path file, Iterable<?> rows) throws IOException {
        try (JsonLines out = new JsonLines(file)) {
            rows.forEach(out::write);
        }
    }

    private static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static <V> TestOutputTopic<String, V> output(TopologyTestDriver driver, Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private static Properties config(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "simulation:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/mistakeflow-simulate");
        return props;
    }

}
