package io.mistakeflow.recommender;

import io.mistakeflow.common.config.SettingsSource;
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

    private static final Logger LOG = LoggerFactory.getLogger(RecommenderApp.class);

    private RecommenderApp() {
    }

    public static StreamsRunner start(RecommenderSettings settings) {
        LOG.info("recommender: language {}, {}", settings.language(), settings.flags());
        return StreamsRunner.start("recommender",
                RecommenderTopology.build(settings.options(StoreSuppliers.PERSISTENT)), settings.streams());
    }

    public static void main(String[] args) {
        Path settingsFile = args.length > 0 ? Path.of(args[0]) : null;
        StreamsRunner runner = start(RecommenderSettings.from(SettingsSource.load(settingsFile, System.getenv())));
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "recommender-shutdown"));
        runner.awaitTermination();
        if (runner.failed()) {
            System.exit(1);
        }
    }
}
