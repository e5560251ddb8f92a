package io.mistakeflow.analyzer.topology;

import io.mistakeflow.analyzer.analysis.StudentTopicStateSerde;
import io.mistakeflow.analyzer.reference.ReferenceChanges;
import io.mistakeflow.analyzer.reference.ReferenceLoader;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.json.JsonSerde;
import io.mistakeflow.common.reference.StudentSettings;
import io.mistakeflow.common.streams.AppTopology;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer: mistakes in; baselines, patterns, analysed mistakes and pattern updates out. The
 * whole wiring of the app is here.
 *
 * <pre>
 *  mistakes-source ──► analyse-mistakes ──► baselines-sink, patterns-sink,
 *                         │  ▲                analysed-mistakes-sink, pattern-updates-sink,
 *                         │  │                dead-letter-sink
 *  student-settings-source ──► store-student-settings ──► dead-letter-sink
 *                         │
 *       analyzer-student-topic-state, analyzer-student-settings (partitioned by student_id)
 *       analyzer-mistake-types, analyzer-presets (global; their loaders write rejected rows to the
 *       dead-letter topic themselves, through the options' reference dead-letter sender)
 * </pre>
 *
 * Mistakes and settings share a store, so Kafka Streams puts them in one task and checks that
 * their topics are co-partitioned; the records are processed in timestamp order (the database
 * commit time), so a settings change applies to the mistakes committed after it.
 */
public final class AnalyzerTopology {

    public static final String MISTAKES_SOURCE = "mistakes-source";
    public static final String STUDENT_SETTINGS_SOURCE = "student-settings-source";
    public static final String MISTAKE_TYPES_SOURCE = "mistake-types-source";
    public static final String PRESETS_SOURCE = "presets-source";
    public static final String ANALYSE_MISTAKES = "analyse-mistakes";
    public static final String STORE_STUDENT_SETTINGS = "store-student-settings";
    public static final String LOAD_MISTAKE_TYPES = "load-mistake-types";
    public static final String LOAD_PRESETS = "load-presets";
    public static final String BASELINES_SINK = "baselines-sink";
    public static final String PATTERNS_SINK = "patterns-sink";
    public static final String ANALYSED_MISTAKES_SINK = "analysed-mistakes-sink";
    public static final String PATTERN_UPDATES_SINK = "pattern-updates-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    /** Per (student, topic): baseline, pattern, bounded history, latest mistake. */
    public static final String STUDENT_TOPIC_STATE_STORE = "analyzer-student-topic-state";
    public static final String STUDENT_SETTINGS_STORE = "analyzer-student-settings";
    /**
     * The ids of the mistakes analysed in the last {@link #REDELIVERY_WINDOW} (id → commit time; older
     * ones are purged by stream time, every quarter of the window): the
     * source delivers at least once (Debezium resends what followed its last stored offset after a
     * crash), and a mistake analysed twice would count twice in its baseline and window.
     */
    public static final String ANALYSED_IDS_STORE = "analyzer-analysed-mistake-ids";
    /** How far apart (commit time) a redelivered row may be from the first delivery and still be dropped. */
    public static final Duration REDELIVERY_WINDOW = Duration.ofDays(1);
    public static final String MISTAKE_TYPES_STORE = "analyzer-mistake-types";
    public static final String PRESETS_STORE = "analyzer-presets";

    private AnalyzerTopology() {
    }

    public static AppTopology build(AnalyzerOptions options) {
        AppTopology.Builder topology = AppTopology.builder();
        ReferenceChanges changes = new ReferenceChanges();
        globalReference(topology, options, changes, Topics.MISTAKE_TYPES, MISTAKE_TYPES_SOURCE, LOAD_MISTAKE_TYPES,
                MISTAKE_TYPES_STORE, Rows::mistakeType);
        globalReference(topology, options, changes, Topics.PRESETS, PRESETS_SOURCE, LOAD_PRESETS, PRESETS_STORE,
                Rows::preset);

        return topology
                .source(MISTAKES_SOURCE, Topics.MISTAKES)
                .source(STUDENT_SETTINGS_SOURCE, Topics.STUDENT_SETTINGS)
                .processor(ANALYSE_MISTAKES, () -> new MistakeProcessor(options.metrics(), changes),
                        MISTAKES_SOURCE)
                .processor(STORE_STUDENT_SETTINGS, () -> new StudentSettingsProcessor(options.metrics()),
                        STUDENT_SETTINGS_SOURCE)
                .store(store(options, STUDENT_TOPIC_STATE_STORE, new StudentTopicStateSerde()), ANALYSE_MISTAKES)
                .store(Stores.keyValueStoreBuilder(options.stores().keyValue(ANALYSED_IDS_STORE), Serdes.String(),
                        Serdes.Long()).withCachingEnabled(), ANALYSE_MISTAKES)
                .store(store(options, STUDENT_SETTINGS_STORE, new JsonSerde<>(StudentSettings.class)),
                        ANALYSE_MISTAKES, STORE_STUDENT_SETTINGS)
                // every output goes to its student's partition, whatever its key
                .studentSink(BASELINES_SINK, Topics.BASELINES, Baseline::studentId, ANALYSE_MISTAKES)
                .studentSink(PATTERNS_SINK, Topics.PATTERNS, MistakePattern::studentId, ANALYSE_MISTAKES)
                .studentSink(ANALYSED_MISTAKES_SINK, Topics.ANALYSED_MISTAKES, AnalysedMistake::studentId,
                        ANALYSE_MISTAKES)
                .studentSink(PATTERN_UPDATES_SINK, Topics.PATTERN_UPDATES, PatternUpdate::studentId, ANALYSE_MISTAKES)
                .deadLetterSink(DEAD_LETTER_SINK, ANALYSE_MISTAKES, STORE_STUDENT_SETTINGS)
                .build();
    }

    private static void globalReference(AppTopology.Builder topology, AnalyzerOptions options, ReferenceChanges changes,
                                        Topic<String, byte[]> topic, String sourceName, String loaderName,
                                        String storeName, Function<byte[], ?> parser) {
        // the topic is the changelog of a global store, so the store keeps no changelog of its own
        StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(storeName), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled();
        topology.globalStore(store, sourceName, topic, loaderName, () -> new ReferenceLoader(storeName, parser,
                options.referenceDeadLetters(), options.metrics(), topology.restoringStores(), changes));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(AnalyzerOptions options, String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(options.stores().keyValue(name), Serdes.String(), serde).withCachingEnabled();
    }
}
