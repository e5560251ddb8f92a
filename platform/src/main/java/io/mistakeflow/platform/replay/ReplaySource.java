package io.mistakeflow.platform.replay;

import io.mistakeflow.platform.simulate.InputRow;
import io.mistakeflow.platform.simulate.ReferenceRows;

/**
 * Where a replay reads its input: the reference tables (latest row per key) and the mistakes, in
 * the order to process them, ending by itself. Reading never changes the source.
 */
interface ReplaySource extends AutoCloseable {

    /** e.g. {@code kafka 127.0.0.1:9092}: for the summary and the namespace's record. */
    String describe();

    ReferenceRows reference();

    /** How many mistakes the run will read at most (the progress' denominator). */
    long total();

    Iterable<InputRow> mistakes();

    @Override
    void close();
}
