package io.mistakeflow.platform;

import io.mistakeflow.analyzer.app.AnalyzerApp;
import io.mistakeflow.recommender.RecommenderApp;

/** {@code ./pipeline analyzer|recommender [settings.properties]}: one app against an external cluster. */
final class AppCommands {

    private AppCommands() {
    }

    static int analyzer(String[] args) {
        AnalyzerApp.main(args);
        return 0;
    }

    static int recommender(String[] args) {
        RecommenderApp.main(args);
        return 0;
    }
}
