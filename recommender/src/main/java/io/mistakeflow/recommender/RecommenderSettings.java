package io.mistakeflow.recommender;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.recommender.template.TemplateCatalog;
import io.mistakeflow.recommender.topology.RecommenderOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommender's settings, from a properties file overridden by {@code PIPELINE_*} environment
 * variables ({@link SettingsSource}). Keys and defaults:
 * <ul>
 *   <li>{@value #LANGUAGE} = {@code tr}: the template catalog ({@code tr} or {@code en});</li>
 *   <li>{@value #EXPIRY_ENABLED} = {@code false};</li>
 *   <li>{@value #DISMISSALS_ENABLED} = {@code false};</li>
 *   <li>{@value #PATTERN_CHANGED_ENABLED} = {@code false}
 *       (the three flags: see {@link LifecycleFlags});</li>
 *   <li>the cluster settings of {@link StreamsSettings}, application id {@value #APPLICATION_ID}
 *       (exactly_once_v2 unless {@code processing.guarantee} says otherwise);</li>
 *   <li>{@value #OPS_PORT} = {@value #DEFAULT_OPS_PORT}: metrics and health (0 any free port, -1 none).</li>
 * </ul>
 */
public record RecommenderSettings(String language, LifecycleFlags flags, StreamsSettings streams, int opsPort) {

    public static final String OPS_PORT = "ops.port";
    public static final int DEFAULT_OPS_PORT = 9402;

    public static final String APPLICATION_ID = "mistakeflow-recommender";
    public static final String LANGUAGE = "recommender.language";
    public static final String EXPIRY_ENABLED = "recommender.expiry.enabled";
    public static final String DISMISSALS_ENABLED = "recommender.dismissals.enabled";
    public static final String PATTERN_CHANGED_ENABLED = "recommender.pattern-changed.enabled";
    /** Every key {@link #from} reads (besides {@code kafka.*}). */
    public static final List<String> KEYS = keys();

    public static RecommenderSettings from(SettingsSource source) {
        return new RecommenderSettings(
                source.get(LANGUAGE, TemplateCatalog.DEFAULT_LANGUAGE),
                new LifecycleFlags(
                        source.getBoolean(EXPIRY_ENABLED, false),
                        source.getBoolean(DISMISSALS_ENABLED, false),
                        source.getBoolean(PATTERN_CHANGED_ENABLED, false)),
                StreamsSettings.from(source, APPLICATION_ID),
                source.getInt(OPS_PORT, DEFAULT_OPS_PORT));
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(StreamsSettings.keys(APPLICATION_ID));
        keys.addAll(List.of(LANGUAGE, EXPIRY_ENABLED, DISMISSALS_ENABLED, PATTERN_CHANGED_ENABLED, OPS_PORT));
        return List.copyOf(keys);
    }

    /** What the topology is built with: these settings' language and flags, state in {@code stores}. */
    public RecommenderOptions options(StoreSuppliers stores, PipelineMetrics metrics) {
        return new RecommenderOptions(stores, TemplateCatalog.load(language), flags, metrics);
    }
}
