package io.mistakeflow.analyzer;

import io.mistakeflow.analyzer.topology.AnalyzerOptions;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.deadletter.KafkaDeadLetterSender;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.common.streams.StoreSuppliers;
import java.util.ArrayList;
import java.util.List;

/**
 * The analyzer's settings: the shared Streams settings (application id {@code mistakeflow-analyzer}
 * by default) and the store kind ({@code analyzer.persistent.stores}, default true: RocksDB; false
 * keeps state in memory, restored from the changelog at start-up) and the port of its metrics and
 * health endpoints ({@code ops.port}, default {@value #DEFAULT_OPS_PORT}; 0 any free port, -1 none).
 */
public record AnalyzerSettings(StreamsSettings streams, boolean persistentStores, int opsPort) {

    public static final String APPLICATION_ID = "mistakeflow-analyzer";
    public static final String OPS_PORT = "ops.port";
    public static final int DEFAULT_OPS_PORT = 9401;
    public static final String PERSISTENT_STORES = "analyzer.persistent.stores";
    /** Every key {@link #from} reads (besides {@code kafka.*}). */
    public static final List<String> KEYS = keys();

    public static AnalyzerSettings from(SettingsSource source) {
        return new AnalyzerSettings(
                StreamsSettings.from(source, APPLICATION_ID),
                source.getBoolean(PERSISTENT_STORES, true),
                source.getInt(OPS_PORT, DEFAULT_OPS_PORT));
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(StreamsSettings.keys(APPLICATION_ID));
        keys.addAll(List.of(PERSISTENT_STORES, OPS_PORT));
        return List.copyOf(keys);
    }

    /**
     * What the topology is built with: these settings' store kind, counting into {@code metrics},
     * rejected reference rows written to the cluster with the app's own producer settings.
     */
    public AnalyzerOptions options(PipelineMetrics metrics) {
        return new AnalyzerOptions(persistentStores ? StoreSuppliers.PERSISTENT : StoreSuppliers.IN_MEMORY, metrics,
                new KafkaDeadLetterSender(streams.toProperties()));
    }
}
