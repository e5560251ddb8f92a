package io.mistakeflow.analyzer.topology;

import io.mistakeflow.common.deadletter.CollectedDeadLetters;
import io.mistakeflow.common.deadletter.DeadLetterSender;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;

/**
 * What the analyzer topology is built with.
 *
 * @param stores RocksDB stores (production) or in-memory ones (simulation, tests)
 * @param metrics where the processors count what they do
 * @param referenceDeadLetters how the loaders of the reference tables, which cannot forward, write
 *     the rows they reject to the dead-letter topic
 */
public record AnalyzerOptions(StoreSuppliers stores, PipelineMetrics metrics, DeadLetterSender referenceDeadLetters) {

    /** In-memory stores, meters of their own, rejected reference rows kept in memory. */
    public static AnalyzerOptions inMemory() {
        return new AnalyzerOptions(StoreSuppliers.IN_MEMORY, PipelineMetrics.inMemory(), new CollectedDeadLetters());
    }
}
