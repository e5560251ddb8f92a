package io.mistakeflow.platform.simulate;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.platform.Args;
import io.mistakeflow.platform.BatchLogging;
import io.mistakeflow.platform.UsageException;
import java.nio.file.Path;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import io.mistakeflow.recommender.RecommenderApp;
import io.mistakeflow.recommender.RecommenderSettings;

/** {@code ./pipeline simulate --mistakes F [--mistake-types F] [--presets F] [--student-settings F] --out DIR}. */
public final class SimulateCommand {

    private static final String HELP = String.join("\n",
            "usage: ./pipeline simulate --mistakes F [--mistake-types F] [--presets F] [--student-settings F] --out DIR",
            "       [--settings FILE]   recommender settings (language, lifecycle flags), as for ./pipeline recommender",
            "Inputs are JSON Lines with Postgres column names; without --presets the three seeded presets are used.",
            "Writes DIR/baselines.jsonl, patterns.jsonl, analysed_mistakes.jsonl, recommendations.jsonl, ui_reflex_events.jsonl.");

    private SimulateCommand() {
    }

    public static int run(String[] argv) throws Exception {
        if (Args.helpAsked(argv, HELP)) {
            return 0;
        }
        BatchLogging.quiet();
        Args args = Args.parse(argv, Set.of("--mistakes", "--mistake-types", "--presets", "--student-settings",
                "--out", "--settings"), Set.of());
        Path mistakes = args.existingFile("--mistakes");
        if (mistakes == null) {
            throw new UsageException("--mistakes is required\n" + HELP);
        }
        SimulationInputs inputs = new SimulationInputs(mistakes, args.existingFile("--mistake-types"),
                args.existingFile("--presets"), args.existingFile("--student-settings"));
        Path out = Path.of(args.required("--out"));
        long started = System.nanoTime();
        SettingsSource source = SettingsSource.load(args.existingFile("--settings"), System.getenv());
        Topology recommender = RecommenderApp.topology(RecommenderSettings.from(source), StoreSuppliers.IN_MEMORY);
        Simulation.Summary summary = new Simulation(inputs, recommender, System.err).run(out);
        System.out.printf("simulated %d mistakes (%d bad lines skipped) in %d ms: %d baselines, %d patterns, "
                        + "%d recommendations -> %s%n", summary.mistakes(), summary.badLines(),
                (System.nanoTime() - started) / 1_000_000, summary.baselines(), summary.patterns(),
                summary.recommendations(), out);
        return 0;
    }
}
