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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
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

    /** For {@link #run(ReferenceRows, Iterable, SimulationOutput)} only: rows from elsewhere than files. */
    public Simulation(AppTopology recommender, PrintStream log) {
        this(null, recommender, log);
    }

    /** simulate: the input files, the five output files in {@code outDir}. */
    public Summary run(Path outDir) throws IOException {
        ReferenceRows reference = new ReferenceRows(rows(inputs.mistakeTypes()), inputs.presets() == null ? null
                : rows(inputs.presets()), rows(inputs.studentSettings()));
        try (OutputFiles files = new OutputFiles(outDir)) {
            return run(reference, new LineFile(inputs.mistakes()), files);
        }
    }

    private static List<InputRow> rows(Path file) {
        return file == null ? List.of() : new LineFile(file).readAll();
    }

    /**
     * The reference rows, then {@code mistakeRows} in order. The output is told the final tables at
     * the end; it is not closed.
     */
    public Summary run(ReferenceRows reference, Iterable<InputRow> mistakeRows, SimulationOutput output) throws IOException {
        try (TopologyTestDriver analyzer = new TopologyTestDriver(
                AnalyzerTopology.build(AnalyzerOptions.inMemory()).topology(), config("mistakeflow-simulate-analyzer"));
             TopologyTestDriver recommend = new TopologyTestDriver(recommender.topology(),
                     config("mistakeflow-simulate-recommender"))) {

            pipeReference(analyzer, Topics.MISTAKE_TYPES, reference.mistakeTypes(), row -> Rows.mistakeType(row).mistakeCode());
            if (reference.presets() == null) {
                TestInputTopic<String, byte[]> presets = input(analyzer, Topics.PRESETS);
                for (Preset preset : Preset.SEEDED) {
                    presets.pipeInput(preset.presetName(), Json.MAPPER.writeValueAsBytes(preset), Instant.EPOCH);
                }
            } else {
                pipeReference(analyzer, Topics.PRESETS, reference.presets(), row -> Rows.preset(row).presetName());
            }
            pipeReference(analyzer, Topics.STUDENT_SETTINGS, reference.studentSettings(),
                    row -> Rows.studentSettings(row).studentId());

            TestInputTopic<String, byte[]> mistakes = input(analyzer, Topics.MISTAKES);
            TestOutputTopic<String, Baseline> baselineOut = output(analyzer, Topics.BASELINES);
            TestOutputTopic<String, MistakePattern> patternOut = output(analyzer, Topics.PATTERNS);
            TestOutputTopic<String, AnalysedMistake> analysedOut = output(analyzer, Topics.ANALYSED_MISTAKES);
            TestOutputTopic<String, PatternUpdate> updatesOut = output(analyzer, Topics.PATTERN_UPDATES);
            TestInputTopic<String, PatternUpdate> updatesIn = input(recommend, Topics.PATTERN_UPDATES);
            TestOutputTopic<String, Recommendation> recoOut = output(recommend, Topics.RECOMMENDATIONS);
            TestOutputTopic<String, UiReflexEvent> eventOut = output(recommend, Topics.UI_REFLEX_EVENTS);

            for (InputRow input : mistakeRows) {
                accept(input, row -> {
                    Mistake mistake = Rows.mistake(row);
                    mistakes.pipeInput(mistake.studentId(), asPipelines(mistake, row),
                            input.timestamp() == null ? mistake.occurredAt() : input.timestamp());
                    mistakesIn++;
                });
                for (TestRecord<String, Baseline> r : baselineOut.readRecordsToList()) {
                    baselines.put(sortKey(r.value().studentId(), r.value().globalTopicUid()), r.value());
                }
                for (TestRecord<String, MistakePattern> r : patternOut.readRecordsToList()) {
                    patterns.put(sortKey(r.value().studentId(), r.value().globalTopicUid()), r.value());
                }
                analysedOut.readValuesToList().forEach(output::analysed);
                for (TestRecord<String, PatternUpdate> update : updatesOut.readRecordsToList()) {
                    updatesIn.pipeInput(update);
                    recoOut.readValuesToList().forEach(r -> recommendations.put(r.id(), r));
                    eventOut.readValuesToList().forEach(output::event);
                }
            }
        }
        output.finalState(baselines.values(), patterns.values(), recommendations.values());
        return new Summary(mistakesIn, badLines, baselines.size(), patterns.size(), recommendations.size());
    }

    public record Summary(long mistakes, long badLines, int baselines, int patterns, int recommendations) {
    }

    /** Final-state files are ordered by (student_id, global_topic_uid), a null topic first. */
    private static String sortKey(String studentId, String topic) {
        return new StudentTopicKey(studentId, topic).encode();
    }

    private void pipeReference(TopologyTestDriver driver, Topic<String, byte[]> topic, List<InputRow> rows,
                               Function<byte[], String> key) {
        if (rows.isEmpty()) {
            return;
        }
        TestInputTopic<String, byte[]> in = input(driver, topic);
        for (InputRow input : rows) {
            accept(input, row -> in.pipeInput(key.apply(row), row, Instant.EPOCH));
        }
    }

    /** A row that does not follow the input contract is reported with where it came from and skipped. */
    private void accept(InputRow input, Consumer<byte[]> handler) {
        try {
            handler.accept(input.value());
        } catch (BadRecordException e) {
            badLines++;
            log.printf("%s: skipped: %s%n", input.where(), e.getMessage());
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


    /**
     * A simulation or replay (a shadow run, a backfill) analyses every mistake as the pipeline's own:
     * the cut-over's owner stamp (analysed_by = triggers: state only, in the live apps) is dropped.
     */
    private static byte[] asPipelines(Mistake mistake, byte[] row) {
        if (!mistake.analysedByTriggers()) {
            return row;
        }
        try {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(row);
            tree.remove("analysed_by");
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("a row Rows.mistake read cannot be read again", e);
        }
    }
}
