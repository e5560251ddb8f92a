package io.mistakeflow.platform.apps;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.streams.StreamsRunner;
import java.nio.file.Path;

/** One Streams app run as a process of its own: until a signal stops it (exit 0) or it fails (exit 1). */
final class AppRun {

    private AppRun() {
    }

    static SettingsSource settings(Path file) {
        return SettingsSource.load(file, System.getenv());
    }

    static int untilStopped(String name, StreamsRunner runner) {
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, name + "-shutdown"));
        runner.awaitTermination();
        return runner.failed() ? 1 : 0;
    }
}
