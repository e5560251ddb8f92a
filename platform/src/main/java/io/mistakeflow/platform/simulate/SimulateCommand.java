package io.mistakeflow.platform.simulate;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.platform.BatchLogging;
import io.mistakeflow.platform.ExistingFile;
import io.mistakeflow.recommender.RecommenderSettings;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./pipeline simulate}: the production topologies on JSON Lines files, no broker. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run analyzer + recommender on JSON Lines files, no broker.",
                "Inputs have Postgres column names. Writes DIR/baselines.jsonl, patterns.jsonl, analysed_mistakes.jsonl,"
                        + " recommendations.jsonl, ui_reflex_events.jsonl. A line that breaks the input contract is"
                        + " reported with its number and skipped."})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--mistakes", required = true, paramLabel = "F", converter = ExistingFile.class,
            description = "student_mistakes rows, in the order the database committed them.")
    private Path mistakes;

    @Option(names = "--mistake-types", paramLabel = "F", converter = ExistingFile.class,
            description = "mistake_types rows (default: none, every code unknown).")
    private Path mistakeTypes;

    @Option(names = "--presets", paramLabel = "F", converter = ExistingFile.class,
            description = "analysis_presets rows (default: the three seeded presets).")
    private Path presets;

    @Option(names = "--student-settings", paramLabel = "F", converter = ExistingFile.class,
            description = "student_analysis_settings rows (default: none, everyone on the default preset).")
    private Path studentSettings;

    @Option(names = "--settings", paramLabel = "FILE", converter = ExistingFile.class,
            description = "Recommender settings (language, lifecycle flags), as for ./pipeline recommender.")
    private Path settings;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the output files go.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        BatchLogging.quiet();
        SimulationInputs inputs = new SimulationInputs(mistakes, mistakeTypes, presets, studentSettings);
        long started = System.nanoTime();
        RecommenderSettings recommender = RecommenderSettings.from(SettingsSource.loadChecked(settings, System.getenv()));
        Simulation.Summary summary = new Simulation(inputs,
                RecommenderTopology.build(recommender.options(StoreSuppliers.IN_MEMORY, PipelineMetrics.inMemory())), System.err).run(out);
        System.out.printf("simulated %d mistakes (%d bad lines skipped) in %d ms: %d baselines, %d patterns, "
                        + "%d recommendations -> %s%n", summary.mistakes(), summary.badLines(),
                (System.nanoTime() - started) / 1_000_000, summary.baselines(), summary.patterns(),
                summary.recommendations(), out);
        return 0;
    }
}
