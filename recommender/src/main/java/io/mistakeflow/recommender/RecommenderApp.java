package io.mistakeflow.recommender;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.common.streams.StreamsRunner;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.nio.file.Path;
import org.apache.kafka.streams.Topology;
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
        LOG.info("recommender: language {}, {}", settings.language(), settings.options());
        return StreamsRunner.start("recommender", topology(settings, StoreSuppliers.PERSISTENT), settings.streams());
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

    /** The topology the settings ask for, with their language's catalog. */
    public static Topology topology(RecommenderSettings settings, StoreSuppliers stores) {
        return RecommenderTopology.build(settings.options(), TemplateCatalog.load(settings.language()), stores);
    }
}
