package io.mistakeflow.analyzer.topology;

/**
 * What the analyzer topology is built with.
 *
 * @param applicationId named in the dead-letter headers, so an operator knows who rejected a record
 * @param persistentStores RocksDB stores (production) or in-memory ones (simulation, tests)
 */
public record AnalyzerOptions(String applicationId, boolean persistentStores) {

    public static AnalyzerOptions inMemory() {
        return new AnalyzerOptions("mistakeflow-analyzer", false);
    }
}
