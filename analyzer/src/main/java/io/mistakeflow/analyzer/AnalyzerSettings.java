package io.mistakeflow.analyzer;

import io.mistakeflow.analyzer.topology.AnalyzerOptions;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.common.streams.StoreSuppliers;

/**
 * The analyzer's settings: the shared Streams settings (application id {@code mistakeflow-analyzer}
 * by default) and the store kind ({@code analyzer.persistent.stores}, default true: RocksDB; false
 * keeps state in memory, restored from the changelog at start-up).
 */
public record AnalyzerSettings(StreamsSettings streams, boolean persistentStores) {

    public static final String APPLICATION_ID = "mistakeflow-analyzer";

    public static AnalyzerSettings from(SettingsSource source) {
        return new AnalyzerSettings(
                StreamsSettings.from(source, APPLICATION_ID),
                source.getBoolean("analyzer.persistent.stores", true));
    }

    public AnalyzerOptions options() {
        return new AnalyzerOptions(persistentStores ? StoreSuppliers.PERSISTENT : StoreSuppliers.IN_MEMORY);
    }
}
