package io.mistakeflow.platform.replay;

import io.mistakeflow.common.streams.AppTopology;
import io.mistakeflow.platform.simulate.InputRow;
import io.mistakeflow.platform.simulate.ReferenceRows;
import io.mistakeflow.platform.simulate.Simulation;
import io.mistakeflow.platform.simulate.SimulationOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;

/**
 * One replay: the source's reference rows (or the what-if files in their place), then its
 * mistakes through the production topologies as {@code simulate} runs them, into the outputs.
 */
final class ReplayRun {

    private ReplayRun() {
    }

    static Simulation.Summary run(ReplaySource source, ReferenceRows whatIf, AppTopology recommender,
                                  SimulationOutput output, ReplayProgress progress, PrintStream badRows) throws IOException {
        ReferenceRows live = source.reference();
        ReferenceRows reference = new ReferenceRows(
                whatIf.mistakeTypes() != null ? whatIf.mistakeTypes() : live.mistakeTypes(),
                whatIf.presets() != null ? whatIf.presets() : seededWhenEmpty(live),
                whatIf.studentSettings() != null ? whatIf.studentSettings() : live.studentSettings());
        Iterable<InputRow> mistakes = source.mistakes();
        Simulation.Summary summary = new Simulation(recommender, badRows)
                .run(reference, () -> counted(mistakes.iterator(), progress), output);
        progress.finish();
        return summary;
    }

    /** A source without presets (a topic nobody filled) means the seeded ones, as in simulate. */
    private static List<InputRow> seededWhenEmpty(ReferenceRows live) {
        return live.presets() == null || live.presets().isEmpty() ? null : live.presets();
    }

    private static Iterator<InputRow> counted(Iterator<InputRow> rows, ReplayProgress progress) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public InputRow next() {
                InputRow row = rows.next();
                progress.tick();
                return row;
            }
        };
    }
}
