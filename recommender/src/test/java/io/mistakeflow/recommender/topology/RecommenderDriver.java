package io.mistakeflow.recommender.topology;

import io.mistakeflow.recommender.RecommenderSettings;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.AppTopology;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** The recommender topology in a {@link TopologyTestDriver}, with its topics at hand. */
public final class RecommenderDriver implements AutoCloseable {

    public static final String STUDENT = "00000000-0000-4000-8000-000000000010";
    public static final String TOPIC = "TR.MAT.ALG.001";

    final TopologyTestDriver driver;
    /** What the processors counted; null for a topology built elsewhere. */
    final PipelineMetrics metrics;
    private final Path stateDir;
    final TestInputTopic<String, PatternUpdate> patternUpdates;
    final TestInputTopic<String, byte[]> feedback;
    public final TestOutputTopic<String, UiReflexEvent> events;
    final TestOutputTopic<String, Recommendation> recommendations;
    final TestOutputTopic<byte[], byte[]> rawEvents;
    final TestOutputTopic<byte[], byte[]> rawRecommendations;
    final TestOutputTopic<String, byte[]> deadLetters;

    private RecommenderDriver(Topology topology, PipelineMetrics metrics) {
        this.metrics = metrics;
        try {
            stateDir = Files.createTempDirectory("recommender-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the production settings (exactly-once included), with a state directory of the test's own
        StreamsSettings streams = StreamsSettings.from(
                SettingsSource.of(Map.of(StreamsSettings.STATE_DIR, stateDir.toString())),
                RecommenderSettings.APPLICATION_ID);
        driver = new TopologyTestDriver(topology, streams.toProperties());
        patternUpdates = driver.createInputTopic(Topics.PATTERN_UPDATES.name(),
                Topics.PATTERN_UPDATES.keySerde().serializer(), Topics.PATTERN_UPDATES.valueSerde().serializer());
        feedback = driver.createInputTopic(Topics.RECOMMENDATION_FEEDBACK.name(),
                Topics.RECOMMENDATION_FEEDBACK.keySerde().serializer(),
                Topics.RECOMMENDATION_FEEDBACK.valueSerde().serializer());
        events = driver.createOutputTopic(Topics.UI_REFLEX_EVENTS.name(),
                Topics.UI_REFLEX_EVENTS.keySerde().deserializer(), Topics.UI_REFLEX_EVENTS.valueSerde().deserializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(),
                Topics.RECOMMENDATIONS.keySerde().deserializer(), Topics.RECOMMENDATIONS.valueSerde().deserializer());
        rawEvents = driver.createOutputTopic(Topics.UI_REFLEX_EVENTS.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        rawRecommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER.name(),
                Topics.DEAD_LETTER.keySerde().deserializer(), Topics.DEAD_LETTER.valueSerde().deserializer());
    }

    /** With the default (Turkish) catalog. */
    public static RecommenderDriver start(LifecycleFlags flags) {
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        return new RecommenderDriver(RecommenderTopology.build(new RecommenderOptions(StoreSuppliers.IN_MEMORY,
                TemplateCatalog.load("tr"), flags, metrics)).topology(), metrics);
    }

    public static RecommenderDriver start(AppTopology topology) {
        return new RecommenderDriver(topology.topology(), null);
    }

    /** One analysed mistake of {@link #STUDENT}, the newest of its key, stamped with its event time. */
    public void update(String topic, PatternStatus status, Instant at, String mistakeId) {
        patternUpdates.pipeInput(STUDENT, new PatternUpdate(STUDENT, topic, status, at, mistakeId, mistakeId), at);
    }

    /** A captured student_recommendations row as Debezium sends it, stamped with its commit time. */
    void feedback(String json, Instant committedAt) {
        feedback.pipeInput(STUDENT, json.getBytes(StandardCharsets.UTF_8), committedAt);
    }

    @Override
    public void close() {
        driver.close();
        try {
            // the driver removes the task directories, not the directory it was given
            Files.deleteIfExists(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
