package io.mistakeflow.recommender;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.AppProcess;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.common.streams.StreamsRunner;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the recommender against a cluster: {@code RecommenderApp [settings.properties]}, settings
 * as in {@link RecommenderSettings}. Exits 1 when the Streams client fails, so a supervisor
 * restarts it and the failure is seen.
 */
public final class RecommenderApp {

    public static final String NAME = "recommender";

    private static final Logger LOG = LoggerFactory.getLogger(RecommenderApp.class);

    private RecommenderApp() {
    }

    public static StreamsRunner start(RecommenderSettings settings, PipelineMetrics metrics) {
        LOG.info("recommender: language {}, {}", settings.language(), settings.flags());
        return StreamsRunner.start(NAME, RecommenderTopology.build(settings.options(StoreSuppliers.PERSISTENT, metrics)),
                settings.streams(), metrics.registry());
    }

    /** Until stopped, with metrics and health on the ops port; the process's exit status. */
    public static int run(RecommenderSettings settings) {
        return AppProcess.run(NAME, settings.opsPort(), metrics -> start(settings, metrics));
    }

    public static void main(String[] args) {
        System.exit(run(RecommenderSettings.from(
                SettingsSource.loadChecked(args.length > 0 ? Path.of(args[0]) : null, System.getenv()))));
    }
}
