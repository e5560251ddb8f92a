package io.mistakeflow.analyzer.topology;

import io.mistakeflow.analyzer.analysis.TopicState;
import io.mistakeflow.analyzer.analysis.TopicStateSerde;
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
import io.mistakeflow.common.streams.StudentPartitioner;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer: mistakes in; baselines, patterns, analysed mistakes and pattern updates out.
 *
 * <pre>
 *  mistakes-source ──► analyse-mistakes ──► baselines-sink, patterns-sink,
 *                         │  ▲                analysed-mistakes-sink, pattern-updates-sink,
 *                         │  │                dead-letter-sink
 *  student-settings-source ──► store-student-settings ──► dead-letter-sink
 *                         │
 *       analyzer-topic-state, analyzer-student-settings (partitioned by student_id)
 *       analyzer-mistake-types, analyzer-presets (global)
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

    public static final String TOPIC_STATE_STORE = "analyzer-topic-state";
    public static final String STUDENT_SETTINGS_STORE = "analyzer-student-settings";
    public static final String MISTAKE_TYPES_STORE = "analyzer-mistake-types";
    public static final String PRESETS_STORE = "analyzer-presets";

    private AnalyzerTopology() {
    }

    public static Topology build(AnalyzerOptions options) {
        Topology topology = new Topology();
        addGlobalReference(topology, Topics.MISTAKE_TYPES, MISTAKE_TYPES_SOURCE, LOAD_MISTAKE_TYPES,
                MISTAKE_TYPES_STORE, Rows::mistakeType);
        addGlobalReference(topology, Topics.PRESETS, PRESETS_SOURCE, LOAD_PRESETS, PRESETS_STORE, Rows::preset);

        source(topology, MISTAKES_SOURCE, Topics.MISTAKES);
        source(topology, STUDENT_SETTINGS_SOURCE, Topics.STUDENT_SETTINGS);
        topology.addProcessor(ANALYSE_MISTAKES, MistakeProcessor::new, MISTAKES_SOURCE);
        topology.addProcessor(STORE_STUDENT_SETTINGS, StudentSettingsProcessor::new,
                STUDENT_SETTINGS_SOURCE);
        topology.addStateStore(topicStateStore(options), ANALYSE_MISTAKES);
        topology.addStateStore(studentSettingsStore(options), ANALYSE_MISTAKES, STORE_STUDENT_SETTINGS);

        sink(topology, BASELINES_SINK, Topics.BASELINES, Baseline::studentId, ANALYSE_MISTAKES);
        sink(topology, PATTERNS_SINK, Topics.PATTERNS, MistakePattern::studentId, ANALYSE_MISTAKES);
        sink(topology, ANALYSED_MISTAKES_SINK, Topics.ANALYSED_MISTAKES, AnalysedMistake::studentId, ANALYSE_MISTAKES);
        sink(topology, PATTERN_UPDATES_SINK, Topics.PATTERN_UPDATES, PatternUpdate::studentId, ANALYSE_MISTAKES);
        Topic<String, byte[]> deadLetter = Topics.DEAD_LETTER;
        topology.addSink(DEAD_LETTER_SINK, deadLetter.name(), deadLetter.keySerde().serializer(),
                deadLetter.valueSerde().serializer(), ANALYSE_MISTAKES, STORE_STUDENT_SETTINGS);
        return topology;
    }

    private static void source(Topology topology, String name, Topic<String, byte[]> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <V> void sink(Topology topology, String name, Topic<String, V> topic,
                                 Function<V, String> studentId, String parent) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(),
                new StudentPartitioner<>(studentId), parent);
    }

    private static void addGlobalReference(Topology topology, Topic<String, byte[]> topic, String sourceName,
                                           String processorName, String storeName, Consumer<byte[]> validator) {
        topology.addGlobalStore(referenceStore(storeName), sourceName, topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                topic.name(), processorName, () -> new ReferenceLoader(storeName, validator));
    }

    /** Per (student, topic): baseline, pattern, bounded history, latest mistake. */
    public static StoreBuilder<KeyValueStore<String, TopicState>> topicStateStore(AnalyzerOptions options) {
        return store(options, TOPIC_STATE_STORE, new TopicStateSerde());
    }

    public static StoreBuilder<KeyValueStore<String, StudentSettings>> studentSettingsStore(AnalyzerOptions options) {
        return store(options, STUDENT_SETTINGS_STORE, new JsonSerde<>(StudentSettings.class));
    }

    /** A reference table's raw rows ({@link #MISTAKE_TYPES_STORE}, {@link #PRESETS_STORE}). */
    public static StoreBuilder<KeyValueStore<String, byte[]>> referenceStore(String storeName) {
        // the topic is the changelog of a global store, so the store keeps no changelog of its own
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(AnalyzerOptions options, String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(options.stores().keyValue(name), Serdes.String(), serde).withCachingEnabled();
    }
}
