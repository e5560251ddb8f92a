package io.mistakeflow.analyzer;

import io.mistakeflow.analyzer.topology.AnalyzerTopology;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.AppProcess;
import io.mistakeflow.common.streams.StreamsRunner;
import java.nio.file.Path;

/**
 * Runs the analyzer against a cluster: {@code AnalyzerApp [settings.properties]}, settings as in
 * {@link AnalyzerSettings}. Exits 1 when the Streams client fails.
 */
public final class AnalyzerApp {

    public static final String NAME = "analyzer";

    private AnalyzerApp() {
    }

    public static StreamsRunner start(AnalyzerSettings settings, PipelineMetrics metrics) {
        return StreamsRunner.start(NAME, AnalyzerTopology.build(settings.options(metrics)), settings.streams(),
                metrics.registry());
    }

    /** Until stopped, with metrics and health on the ops port; the process's exit status. */
    public static int run(AnalyzerSettings settings) {
        return AppProcess.run(NAME, settings.opsPort(), metrics -> start(settings, metrics));
    }

    public static void main(String[] args) {
        System.exit(run(AnalyzerSettings.from(
                SettingsSource.loadChecked(args.length > 0 ? Path.of(args[0]) : null, System.getenv()))));
    }
}
