package io.mistakeflow.platform.apps;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.platform.ExistingFile;
import io.mistakeflow.recommender.RecommenderApp;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./pipeline recommender [settings.properties]}: the recommender against an external cluster. */
@Command(name = "recommender", mixinStandardHelpOptions = true,
        description = {"Run the recommender against a Kafka cluster until stopped.",
                "Settings come from the optional properties file, overridden by PIPELINE_* environment variables"
                        + " (see the README)."})
public final class RecommenderCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "settings.properties", converter = ExistingFile.class,
            description = "Settings file (optional).")
    private Path settings;

    @Override
    public Integer call() {
        return RecommenderApp.run(RecommenderSettings.from(SettingsSource.loadChecked(settings, System.getenv())));
    }
}
