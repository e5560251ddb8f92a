package io.mistakeflow.platform.apps;

import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.platform.ExistingFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./pipeline analyzer [settings.properties]}: the analyzer against an external cluster. */
@Command(name = "analyzer", mixinStandardHelpOptions = true,
        description = {"Run the analyzer against a Kafka cluster until stopped.",
                "Settings come from the optional properties file, overridden by PIPELINE_* environment variables"
                        + " (see the README)."})
public final class AnalyzerCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "settings.properties", converter = ExistingFile.class,
            description = "Settings file (optional).")
    private Path settings;

    @Override
    public Integer call() {
        return AnalyzerApp.run(AnalyzerSettings.from(SettingsSource.loadChecked(settings, System.getenv())));
    }
}
