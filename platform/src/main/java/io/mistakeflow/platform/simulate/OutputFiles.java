package io.mistakeflow.platform.simulate;

import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** The five JSON Lines files of {@code ./pipeline simulate}, in one directory. */
public final class OutputFiles implements SimulationOutput {

    /** The file names, in the order the tables are listed everywhere (baselines first). */
    public static final List<String> NAMES = List.of("baselines.jsonl", "patterns.jsonl", "analysed_mistakes.jsonl",
            "recommendations.jsonl", "ui_reflex_events.jsonl");

    private final Path dir;
    private final JsonLines analysed;
    private final JsonLines events;

    public OutputFiles(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.analysed = new JsonLines(dir.resolve("analysed_mistakes.jsonl"));
        this.events = new JsonLines(dir.resolve("ui_reflex_events.jsonl"));
    }

    @Override
    public void analysed(AnalysedMistake mistake) {
        analysed.write(mistake);
    }

    @Override
    public void event(UiReflexEvent event) {
        events.write(event);
    }

    @Override
    public void finalState(Collection<Baseline> baselines, Collection<MistakePattern> patterns,
                           Collection<Recommendation> recommendations) throws IOException {
        writeAll(dir.resolve("baselines.jsonl"), baselines);
        writeAll(dir.resolve("patterns.jsonl"), patterns);
        writeAll(dir.resolve("recommendations.jsonl"), recommendations);
    }

    private static void writeAll(Path file, Iterable<?> rows) throws IOException {
        try (JsonLines out = new JsonLines(file)) {
            rows.forEach(out::write);
        }
    }

    @Override
    public void close() throws IOException {
        try (events) {
            analysed.close();
        }
    }
}
