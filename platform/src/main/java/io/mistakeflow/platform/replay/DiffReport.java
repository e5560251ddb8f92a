package io.mistakeflow.platform.replay;

import java.io.PrintWriter;
import java.util.List;

/** The printed form of a diff: one line per table, then the status moves. */
final class DiffReport {

    private DiffReport() {
    }

    static void print(PrintWriter out, String replaySchema, String liveSchema, List<TableDiff.Result> results) {
        out.printf("%-30s %10s %10s %10s %12s%n", replaySchema + " vs " + liveSchema, "equal", "differing", "only live",
                "only replay");
        for (TableDiff.Result result : results) {
            out.printf("%-30s %,10d %,10d %,10d %,12d%n", result.table(), result.equal(), result.differing(),
                    result.onlyLive(), result.onlyReplay());
        }
        for (TableDiff.Result result : results) {
            if (result.moves().isEmpty()) {
                continue;
            }
            out.printf("status moves in %s (live -> replay):%n", result.table());
            for (TableDiff.StatusMove move : result.moves()) {
                out.printf("  %s -> %s: %,d%n", move.live(), move.replay(), move.rows());
            }
        }
        out.flush();
    }
}
