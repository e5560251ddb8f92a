package io.mistakeflow.analyzer.topology;

import io.mistakeflow.common.streams.StoreSuppliers;

/**
 * What the analyzer topology is built with.
 *
 * @param stores RocksDB stores (production) or in-memory ones (simulation, tests)
 */
public record AnalyzerOptions(StoreSuppliers stores) {

    public static AnalyzerOptions inMemory() {
        return new AnalyzerOptions(StoreSuppliers.IN_MEMORY);
    }
}
