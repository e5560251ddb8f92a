package io.mistakeflow.platform.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.platform.generate.MistakeWriter;
import io.mistakeflow.platform.generate.ExampleMistakeTypes;
import io.mistakeflow.platform.generate.MistakeGenerator;
import io.mistakeflow.platform.simulate.Simulation;
import io.mistakeflow.platform.simulate.SimulationInputs;
import io.mistakeflow.recommender.RecommenderSettings;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generated workload and what it must produce: the mistakes, written to JSON Lines in
 * occurred_at order, and {@link Simulation}'s output for exactly those rows (with the same
 * mistake_types rows the database gets, the seeded presets, and the recommender's default
 * settings, as the runtime uses them).
 */
final class GeneratedRun {

    final List<Mistake> mistakes;
    final Map<String, Map<String, JsonNode>> expected;
    private final AtomicInteger inserted = new AtomicInteger();

    private GeneratedRun(List<Mistake> mistakes, Map<String, Map<String, JsonNode>> expected) {
        this.mistakes = mistakes;
        this.expected = expected;
    }

    /** {@code count} mistakes over {@code students} students, {@code spacing} apart in event time. */
    static GeneratedRun create(Path dir, String namespace, int count, int students, Duration spacing) throws IOException {
        MistakeGenerator generator = new MistakeGenerator(20250106, namespace, students, 3);
        Instant start = Instant.parse("2025-01-06T08:00:00Z");
        List<Mistake> mistakes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mistakes.add(generator.next(start.plus(spacing.multipliedBy(i))));
        }
        Path mistakesFile = dir.resolve("student_mistakes.jsonl");
        Files.write(mistakesFile, lines(mistakes), StandardCharsets.UTF_8);
        List<MistakeType> types = ExampleMistakeTypes.all();
        Path typesFile = dir.resolve("mistake_types.jsonl");
        Files.write(typesFile, lines(types), StandardCharsets.UTF_8);

        Path out = dir.resolve("simulation");
        var recommender = RecommenderTopology.build(
                RecommenderSettings.from(SettingsSource.of(Map.of())).options(StoreSuppliers.IN_MEMORY, PipelineMetrics.inMemory()));
        new Simulation(new SimulationInputs(mistakesFile, typesFile, null, null), recommender,
                new PrintStream(OutputStream.nullOutputStream())).run(out);
        return new GeneratedRun(List.copyOf(mistakes), OutputTables.simulated(out));
    }

    /**
     * Inserts the mistakes in file order, {@code batch} rows per transaction, {@code batchesPerSecond}
     * transactions a second (the pace of many apps writing at once; one connection, so commit
     * order is file order).
     */
    void insert(Connection connection, int batch, int batchesPerSecond) throws SQLException, InterruptedException {
        insert(connection, 0, mistakes.size(), batch, batchesPerSecond);
    }

    /** {@link #insert(Connection, int, int)} on another thread, for a test that does something meanwhile. */
    CompletableFuture<Void> insertInBackground(Connection connection, int batch, int batchesPerSecond) {
        return CompletableFuture.runAsync(() -> {
            try {
                insert(connection, batch, batchesPerSecond);
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** As {@link #insert(Connection, int, int)}, the mistakes from index {@code first} (inclusive) to {@code end}. */
    void insert(Connection connection, int first, int end, int batch, int batchesPerSecond)
            throws SQLException, InterruptedException {
        long started = System.nanoTime();
        for (int from = first, n = 0; from < end; from += batch, n++) {
            long due = started + n * 1_000_000_000L / batchesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the writer, not waiting for a result
            }
            List<Mistake> rows = mistakes.subList(from, Math.min(from + batch, end));
            MistakeWriter.insert(connection, rows);
            inserted.addAndGet(rows.size());
        }
    }

    int inserted() {
        return inserted.get();
    }

    private static List<String> lines(List<?> rows) throws IOException {
        List<String> lines = new ArrayList<>(rows.size());
        for (Object row : rows) {
            lines.add(Json.MAPPER.writeValueAsString(row));
        }
        return lines;
    }
}
