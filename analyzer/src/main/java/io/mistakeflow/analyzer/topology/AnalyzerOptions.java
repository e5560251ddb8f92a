package io.mistakeflow.analyzer.topology;

import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;

/**
 * What the analyzer topology is built with.
 *
 * @param stores RocksDB stores (production) or in-memory ones (simulation, tests)
 * @param metrics where the processors count what they do
 */
public record AnalyzerOptions(StoreSuppliers stores, PipelineMetrics metrics) {

    /** In-memory stores, meters of their own. */
    public static AnalyzerOptions inMemory() {
        return new AnalyzerOptions(StoreSuppliers.IN_MEMORY, PipelineMetrics.inMemory());
    }
}
