package io.mistakeflow.analyzer;

import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.streams.StreamsRunner;
import java.nio.file.Path;

/**
 * Runs the analyzer against a cluster: {@code AnalyzerApp [settings.properties]}, settings as in
 * {@link AnalyzerSettings}. Exits 1 when the Streams client fails.
 */
public final class AnalyzerApp {

    private AnalyzerApp() {
    }

    public static StreamsRunner start(AnalyzerSettings settings) {
        return StreamsRunner.start("analyzer", AnalyzerTopology.build(settings.options()), settings.streams());
    }

    public static void main(String[] args) {
        SettingsSource source = SettingsSource.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
        StreamsRunner runner = start(AnalyzerSettings.from(source));
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "analyzer-shutdown"));
        runner.awaitTermination();
        if (runner.failed()) {
            System.exit(1);
        }
    }
}
