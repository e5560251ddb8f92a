package io.mistakeflow.common;

import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.json.JsonSerde;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline. Inputs are Debezium's topics for the captured tables (prefix
 * {@code mistakeflow}, schema {@code public}): flat JSON rows keyed by a plain string, read as bytes
 * so a malformed row can go to the dead-letter topic untouched. Outputs are JSON rows with the
 * Postgres column names.
 */
public final class Topics {

    private static final Serde<String> KEY = Serdes.String();
    private static final Serde<byte[]> RAW = Serdes.ByteArray();

    /** student_mistakes, keyed by student_id: the event stream and the partition key of everything. */
    public static final Topic<String, byte[]> MISTAKES = new Topic<>("mistakeflow.public.student_mistakes", KEY, RAW);
    /** mistake_types, keyed by mistake_code (small: a global table). */
    public static final Topic<String, byte[]> MISTAKE_TYPES = new Topic<>("mistakeflow.public.mistake_types", KEY, RAW);
    /** analysis_presets, keyed by preset_name (small: a global table). */
    public static final Topic<String, byte[]> PRESETS = new Topic<>("mistakeflow.public.analysis_presets", KEY, RAW);
    /** student_analysis_settings, keyed by student_id; co-partitioned with {@link #MISTAKES}. */
    public static final Topic<String, byte[]> STUDENT_SETTINGS =
            new Topic<>("mistakeflow.public.student_analysis_settings", KEY, RAW);
    /** student_recommendations' frontend-owned columns, keyed by student_id (dismissals flag). */
    public static final Topic<String, byte[]> RECOMMENDATION_FEEDBACK =
            new Topic<>("mistakeflow.public.student_recommendations", KEY, RAW);

    /** Compacted, keyed by {@link io.mistakeflow.common.mistake.TopicKey#encode()}. */
    public static final Topic<String, Baseline> BASELINES =
            new Topic<>("mistakeflow.baselines", KEY, new JsonSerde<>(Baseline.class));
    /** Compacted, keyed by {@link io.mistakeflow.common.mistake.TopicKey#encode()}. */
    public static final Topic<String, MistakePattern> PATTERNS =
            new Topic<>("mistakeflow.patterns", KEY, new JsonSerde<>(MistakePattern.class));
    /** Keyed by mistake id. */
    public static final Topic<String, AnalysedMistake> ANALYSED_MISTAKES =
            new Topic<>("mistakeflow.analysed-mistakes", KEY, new JsonSerde<>(AnalysedMistake.class));
    /** Keyed by student_id: the analyzer's stream to the recommender, one record per analysed mistake. */
    public static final Topic<String, PatternUpdate> PATTERN_UPDATES =
            new Topic<>("mistakeflow.pattern-updates", KEY, new JsonSerde<>(PatternUpdate.class));
    /** Compacted, keyed by recommendation id. */
    public static final Topic<String, Recommendation> RECOMMENDATIONS =
            new Topic<>("mistakeflow.recommendations", KEY, new JsonSerde<>(Recommendation.class));
    /** Keyed by student_id: what frontends subscribe to. */
    public static final Topic<String, UiReflexEvent> UI_REFLEX_EVENTS =
            new Topic<>("mistakeflow.ui-reflex-events", KEY, new JsonSerde<>(UiReflexEvent.class));
    /** Records nobody could read, untouched, with the reason in headers (see {@link DeadLetter}). */
    public static final Topic<String, byte[]> DEAD_LETTER = new Topic<>("mistakeflow.dead-letter", KEY, RAW);

    /**
     * Topics with one partition: reference tables are small and read whole by every instance, and
     * nobody reads the dead letters in parallel. Every other topic has the deployment's partition
     * count, the same for all, so the student-keyed ones stay co-partitioned.
     */
    public static final List<Topic<?, ?>> SINGLE_PARTITION = List.of(MISTAKE_TYPES, PRESETS, DEAD_LETTER);
    /** Topics holding the latest row per key. */
    public static final List<Topic<?, ?>> COMPACTED = List.of(
            MISTAKE_TYPES, PRESETS, STUDENT_SETTINGS, BASELINES, PATTERNS, RECOMMENDATIONS);
    public static final List<Topic<?, ?>> ALL = List.of(
            MISTAKES, MISTAKE_TYPES, PRESETS, STUDENT_SETTINGS, RECOMMENDATION_FEEDBACK,
            BASELINES, PATTERNS, ANALYSED_MISTAKES, PATTERN_UPDATES, RECOMMENDATIONS, UI_REFLEX_EVENTS, DEAD_LETTER);

    private Topics() {
    }
}
