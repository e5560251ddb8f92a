package io.mistakeflow.analyzer.topology;

import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.deadletter.CollectedDeadLetters;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The analyzer topology in a {@link TopologyTestDriver}, with its input topics fed flat JSON rows as
 * Debezium writes them. Reference rows are stamped with a commit clock; mistakes are committed at
 * their occurred_at, as in live operation, unless a test gives a commit time.
 */
final class AnalyzerDriver implements AutoCloseable {

    static final String STUDENT = "00000000-0000-4000-8000-000000000010";
    static final String TOPIC = "TR.MAT.ALG.001";
    static final Instant COMMIT_START = Instant.parse("2025-02-01T00:00:00Z");

    static final String NORMAL_SETTINGS = "{\"panic_ratio\": 0.3, \"trend_past_count\": 3, \"trend_window_size\": 5,"
            + " \"panic_absolute_max\": 180, \"panic_absolute_min\": 5, \"trend_recent_count\": 2,"
            + " \"baseline_test_count\": 5, \"use_adaptive_baseline\": true, \"minimum_data_for_trend\": 3,"
            + " \"stuck_repeat_threshold\": 3, \"stuck_time_window_hours\": 24, \"improvement_target_ratio\": 0.95,"
            + " \"worsening_safety_multiplier\": 0.7, \"trend_significance_threshold\": 0.3,"
            + " \"improvement_reward_multiplier\": 1.5}";
    static final String AGGRESSIVE_SETTINGS = "{\"panic_ratio\": 0.2, \"trend_past_count\": 3, \"trend_window_size\": 5,"
            + " \"panic_absolute_max\": 120, \"panic_absolute_min\": 3, \"trend_recent_count\": 2,"
            + " \"baseline_test_count\": 3, \"use_adaptive_baseline\": true, \"minimum_data_for_trend\": 2,"
            + " \"stuck_repeat_threshold\": 3, \"stuck_time_window_hours\": 12, \"improvement_target_ratio\": 0.90,"
            + " \"worsening_safety_multiplier\": 0.6, \"trend_significance_threshold\": 0.2,"
            + " \"improvement_reward_multiplier\": 1.8}";
    static final String SOFT_SETTINGS = "{\"panic_ratio\": 0.4, \"trend_past_count\": 4, \"trend_window_size\": 7,"
            + " \"panic_absolute_max\": 240, \"panic_absolute_min\": 8, \"trend_recent_count\": 3,"
            + " \"baseline_test_count\": 7, \"use_adaptive_baseline\": true, \"minimum_data_for_trend\": 4,"
            + " \"stuck_repeat_threshold\": 4, \"stuck_time_window_hours\": 48, \"improvement_target_ratio\": 0.97,"
            + " \"worsening_safety_multiplier\": 0.8, \"trend_significance_threshold\": 0.5,"
            + " \"improvement_reward_multiplier\": 1.3}";

    final TopologyTestDriver driver;
    final TestInputTopic<String, String> mistakes;
    final TestInputTopic<String, String> mistakeTypes;
    final TestInputTopic<String, String> presets;
    final TestInputTopic<String, String> studentSettings;
    final TestOutputTopic<String, Baseline> baselines;
    final TestOutputTopic<String, MistakePattern> patterns;
    final TestOutputTopic<String, AnalysedMistake> analysedMistakes;
    final TestOutputTopic<String, PatternUpdate> patternUpdates;
    final TestOutputTopic<String, byte[]> deadLetters;
    final PipelineMetrics metrics = PipelineMetrics.inMemory();
    /** What the reference loaders, which cannot forward, sent to the dead-letter topic. */
    final CollectedDeadLetters referenceDeadLetters = new CollectedDeadLetters();
    private Instant commitClock = COMMIT_START;

    AnalyzerDriver() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analyzer-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        driver = new TopologyTestDriver(
                AnalyzerTopology.build(new AnalyzerOptions(StoreSuppliers.IN_MEMORY, metrics, referenceDeadLetters))
                        .topology(), config);
        mistakes = input(Topics.MISTAKES);
        mistakeTypes = input(Topics.MISTAKE_TYPES);
        presets = input(Topics.PRESETS);
        studentSettings = input(Topics.STUDENT_SETTINGS);
        baselines = output(Topics.BASELINES);
        patterns = output(Topics.PATTERNS);
        analysedMistakes = output(Topics.ANALYSED_MISTAKES);
        patternUpdates = output(Topics.PATTERN_UPDATES);
        deadLetters = output(Topics.DEAD_LETTER);
    }

    /** The seeded reference data: the parity sample's mistake types and the three presets. */
    AnalyzerDriver seeded() {
        mistakeType("CALCULATION_ERROR", 2);
        mistakeType("CARELESS_READING", 1);
        mistakeType("CONCEPT_GAP", 4);
        mistakeType("FORMULA_MISAPPLIED", 3);
        mistakeType("LOGIC_ERROR", 4);
        mistakeType("SIGN_ERROR", 2);
        mistakeType("TIME_OUT", 5);
        mistakeType("UNIT_ERROR", 2);
        preset("aggressive", false, AGGRESSIVE_SETTINGS);
        preset("normal", true, NORMAL_SETTINGS);
        preset("soft", false, SOFT_SETTINGS);
        return this;
    }

    private TestInputTopic<String, String> input(Topic<String, byte[]> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), new StringSerializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** The time the next input record is committed: one second after the previous one. */
    Instant nextCommit() {
        Instant now = commitClock;
        commitClock = commitClock.plus(Duration.ofSeconds(1));
        return now;
    }

    void mistakeType(String code, int severity) {
        mistakeTypes.pipeInput(code, "{\"mistake_code\":\"" + code + "\",\"severity\":" + severity + "}", nextCommit());
    }

    void preset(String name, boolean isDefault, String settingsJson) {
        presets.pipeInput(name, "{\"preset_name\":\"" + name + "\",\"is_default\":" + isDefault
                + ",\"settings\":" + settingsJson + "}", nextCommit());
    }

    void studentPreset(String student, String presetName) {
        studentSettings.pipeInput(student, "{\"id\":\"5e000000-0000-4000-8000-000000000001\",\"student_id\":\""
                + student + "\",\"preset_name\":\"" + presetName + "\",\"custom_settings\":null,\"set_by\":null,"
                + "\"set_at\":\"2025-01-06T08:00:00\"}", nextCommit());
    }

    /** A student_mistakes row; {@code occurredAt} is the raw JSON value (quoted text or a number). */
    static String mistakeRow(String id, String student, String topic, String code, Integer seconds, String occurredAt) {
        return "{\"id\":\"" + id + "\",\"student_id\":\"" + student + "\",\"global_topic_uid\":"
                + (topic == null ? "null" : "\"" + topic + "\"") + ",\"mistake_code\":\"" + code + "\","
                + "\"test_answer_id\":null,\"time_spent_seconds\":" + seconds + ",\"occurred_at\":" + occurredAt + "}";
    }

    static String mistakeId(int n) {
        return String.format("6d000000-0000-4000-8000-%012d", n);
    }

    /** Mistake n of {@link #STUDENT} on {@link #TOPIC} at {@code occurredAt} (ISO text, UTC). */
    void mistake(int n, String code, Integer seconds, Instant occurredAt) {
        mistake(n, STUDENT, TOPIC, code, seconds, occurredAt);
    }

    void mistake(int n, String student, String topic, String code, Integer seconds, Instant occurredAt) {
        String iso = "\"" + occurredAt.toString().replace("Z", "") + "\"";
        mistakes.pipeInput(student, mistakeRow(mistakeId(n), student, topic, code, seconds, iso), occurredAt);
    }

    @Override
    public void close() {
        driver.close();
    }
}
