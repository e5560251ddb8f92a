package io.mistakeflow.common;

import static io.mistakeflow.common.Topic.Cleanup.COMPACT;
import static io.mistakeflow.common.Topic.Cleanup.DELETE;
import static io.mistakeflow.common.Topic.Partitioning.BY_STUDENT;
import static io.mistakeflow.common.Topic.Partitioning.SINGLE;

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

    /**
     * student_mistakes, keyed by student_id: the event stream and the partition key of everything.
     * Kept for ever: it is the event log that replays and a rebuilt state read from the beginning.
     */
    public static final Topic<String, byte[]> MISTAKES =
            Topic.of("mistakeflow.public.student_mistakes", KEY, RAW, DELETE, BY_STUDENT).retainedFor(Topic.FOREVER);
    /** mistake_types, keyed by mistake_code (small: a global table). */
    public static final Topic<String, byte[]> MISTAKE_TYPES =
            Topic.of("mistakeflow.public.mistake_types", KEY, RAW, COMPACT, SINGLE);
    /** analysis_presets, keyed by preset_name (small: a global table). */
    public static final Topic<String, byte[]> PRESETS =
            Topic.of("mistakeflow.public.analysis_presets", KEY, RAW, COMPACT, SINGLE);
    /** student_analysis_settings, keyed by student_id; co-partitioned with {@link #MISTAKES}. */
    public static final Topic<String, byte[]> STUDENT_SETTINGS =
            Topic.of("mistakeflow.public.student_analysis_settings", KEY, RAW, COMPACT, BY_STUDENT);
    /** student_recommendations' frontend-owned columns, keyed by student_id (dismissals flag). */
    public static final Topic<String, byte[]> RECOMMENDATION_FEEDBACK =
            Topic.of("mistakeflow.public.student_recommendations", KEY, RAW, DELETE, BY_STUDENT);

    /** Keyed by {@link io.mistakeflow.common.mistake.StudentTopicKey#encode()}. */
    public static final Topic<String, Baseline> BASELINES =
            Topic.of("mistakeflow.baselines", KEY, new JsonSerde<>(Baseline.class), COMPACT, BY_STUDENT);
    /** Keyed by {@link io.mistakeflow.common.mistake.StudentTopicKey#encode()}. */
    public static final Topic<String, MistakePattern> PATTERNS =
            Topic.of("mistakeflow.patterns", KEY, new JsonSerde<>(MistakePattern.class), COMPACT, BY_STUDENT);
    /** Keyed by mistake id, partitioned by student. */
    public static final Topic<String, AnalysedMistake> ANALYSED_MISTAKES =
            Topic.of("mistakeflow.analysed-mistakes", KEY, new JsonSerde<>(AnalysedMistake.class), DELETE, BY_STUDENT);
    /** Keyed by student_id: the analyzer's stream to the recommender, one record per analysed mistake. */
    public static final Topic<String, PatternUpdate> PATTERN_UPDATES =
            Topic.of("mistakeflow.pattern-updates", KEY, new JsonSerde<>(PatternUpdate.class), DELETE, BY_STUDENT);
    /** Keyed by recommendation id, partitioned by student. */
    public static final Topic<String, Recommendation> RECOMMENDATIONS =
            Topic.of("mistakeflow.recommendations", KEY, new JsonSerde<>(Recommendation.class), COMPACT, BY_STUDENT);
    /** Keyed by student_id: what frontends subscribe to. */
    public static final Topic<String, UiReflexEvent> UI_REFLEX_EVENTS =
            Topic.of("mistakeflow.ui-reflex-events", KEY, new JsonSerde<>(UiReflexEvent.class), DELETE, BY_STUDENT);
    /**
     * Records nobody could read, untouched, with the reason in headers (see {@code DeadLetter}).
     * It takes records of up to 2 MiB: an input record as large as its
     * topic takes (the broker's default, about 1 MiB) is still a little larger here, by its headers,
     * and a copy that did not fit would stop the app on the very record it was setting aside.
     */
    public static final Topic<String, byte[]> DEAD_LETTER =
            Topic.of("mistakeflow.dead-letter", KEY, RAW, DELETE, SINGLE).takingUpTo(2 * 1024 * 1024);
    /**
     * Debezium's heartbeat records (its default prefix + topic.prefix); nobody reads them. The source
     * would create it on its first heartbeat; created up front, it saves a metadata warning.
     */
    public static final Topic<String, byte[]> DEBEZIUM_HEARTBEAT =
            Topic.of("__debezium-heartbeat.mistakeflow", KEY, RAW, DELETE, SINGLE);

    /** What the captured tables become (Debezium's topics). */
    public static final List<Topic<String, byte[]>> INPUTS =
            List.of(MISTAKES, MISTAKE_TYPES, PRESETS, STUDENT_SETTINGS, RECOMMENDATION_FEEDBACK);
    /** What the apps write. */
    public static final List<Topic<String, ?>> OUTPUTS =
            List.of(BASELINES, PATTERNS, ANALYSED_MISTAKES, PATTERN_UPDATES, RECOMMENDATIONS, UI_REFLEX_EVENTS, DEAD_LETTER);
    /** Every topic the pipeline creates. */
    public static final List<Topic<String, ?>> ALL = List.of(
            MISTAKES, MISTAKE_TYPES, PRESETS, STUDENT_SETTINGS, RECOMMENDATION_FEEDBACK,
            BASELINES, PATTERNS, ANALYSED_MISTAKES, PATTERN_UPDATES, RECOMMENDATIONS, UI_REFLEX_EVENTS, DEAD_LETTER,
            DEBEZIUM_HEARTBEAT);

    private Topics() {
    }
}
