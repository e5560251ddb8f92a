package io.mistakeflow.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's own meters, in one place so their names and tags are declared once (the README's
 * Operating section lists them, with what an alert on each means). Processors get one from their
 * topology's options; a simulation or a test gets one over a {@link SimpleMeterRegistry}.
 *
 * <p>Meters are created on first use and kept, so counting costs a map lookup on the hot path.
 */
public final class PipelineMetrics {

    public static final String MISTAKES_ANALYSED = "mistakeflow.mistakes.analysed";
    public static final String RECOMMENDATIONS = "mistakeflow.recommendations";
    public static final String EVENTS = "mistakeflow.events";
    public static final String DEAD_LETTERS = "mistakeflow.dead.letters";
    public static final String END_TO_END_LATENCY = "mistakeflow.end.to.end.latency";

    /** Latency buckets an SLO can be read from: 50 ms .. 60 s. */
    private static final Duration[] LATENCY_BUCKETS = List.of(50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000,
            60_000).stream().map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts into a registry of its own, which a test can read. */
    public static PipelineMetrics inMemory() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One mistake through Rule 2: its status, or {@code not_analysed} for a mistake without a positive time. */
    public void mistakeAnalysed(String status) {
        counter(MISTAKES_ANALYSED, "Mistakes analysed, by the status they got", "status", status).increment();
    }

    /** {@code change}: created, updated, expired, dismissed; {@code type}: the recommendation type. */
    public void recommendation(String change, String type) {
        counter(RECOMMENDATIONS, "Recommendation rows written, by change and type", "change", change, "type", type)
                .increment();
    }

    public void event(String eventType) {
        counter(EVENTS, "ui_reflex_events emitted, by type", "event_type", eventType).increment();
    }

    /** A record sent to the dead-letter topic by {@code application}. */
    public void deadLettered(String application, String reason, String sourceTopic) {
        counter(DEAD_LETTERS, "Records sent to the dead-letter topic, by reason and source topic",
                "application", application, "reason", reason, "source_topic", sourceTopic).increment();
    }

    /**
     * From the database commit of the mistake (the input record's timestamp) to the moment
     * {@code application} produced {@code output} for it.
     */
    public void endToEnd(String application, String output, Duration latency) {
        List<String> key = List.of(application, output);
        timers.computeIfAbsent(key, k -> Timer.builder(END_TO_END_LATENCY)
                .description("From the commit of a mistake in Postgres to an output produced for it")
                .tags("application", application, "output", output)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .publishPercentiles()
                .register(registry)).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private Counter counter(String name, String description, String... tags) {
        List<String> key = List.of(name, String.join("\u0000", tags));
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags)
                .register(registry));
    }
}
