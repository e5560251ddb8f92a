package io.mistakeflow.recommender;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.recommender.template.TemplateCatalog;

/**
 * The recommender's settings, from a properties file overridden by {@code PIPELINE_*} environment
 * variables ({@link SettingsSource}). Keys and defaults:
 * <ul>
 *   <li>{@value #LANGUAGE} = {@code tr}: the template catalog ({@code tr} or {@code en});</li>
 *   <li>{@value #EXPIRY_ENABLED} = {@code false};</li>
 *   <li>{@value #DISMISSALS_ENABLED} = {@code false};</li>
 *   <li>{@value #PATTERN_CHANGED_ENABLED} = {@code false}
 *       (the three flags: see {@link RecommenderOptions});</li>
 *   <li>the cluster settings of {@link StreamsSettings}, application id {@value #APPLICATION_ID}
 *       (exactly_once_v2 unless {@code processing.guarantee} says otherwise).</li>
 * </ul>
 */
public record RecommenderSettings(String language, RecommenderOptions options, StreamsSettings streams) {

    public static final String APPLICATION_ID = "mistakeflow-recommender";
    public static final String LANGUAGE = "recommender.language";
    public static final String EXPIRY_ENABLED = "recommender.expiry.enabled";
    public static final String DISMISSALS_ENABLED = "recommender.dismissals.enabled";
    public static final String PATTERN_CHANGED_ENABLED = "recommender.pattern-changed.enabled";

    public static RecommenderSettings from(SettingsSource source) {
        return new RecommenderSettings(
                source.get(LANGUAGE, TemplateCatalog.DEFAULT_LANGUAGE),
                new RecommenderOptions(
                        source.getBoolean(EXPIRY_ENABLED, false),
                        source.getBoolean(DISMISSALS_ENABLED, false),
                        source.getBoolean(PATTERN_CHANGED_ENABLED, false)),
                StreamsSettings.from(source, APPLICATION_ID));
    }
}
