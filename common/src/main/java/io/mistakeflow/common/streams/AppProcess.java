package io.mistakeflow.common.streams;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mistakeflow.common.metrics.Observability;
import io.mistakeflow.common.metrics.OpsServer;
import io.mistakeflow.common.metrics.PipelineMetrics;
import java.util.List;
import java.util.function.Function;

/**
 * One Streams app as a process of its own: its metrics and health served on the ops port, until a
 * signal stops it (exit status 0) or it fails (1), so a supervisor restarts it and the failure is
 * seen.
 */
public final class AppProcess {

    private AppProcess() {
    }

    /**
     * @param opsPort the port of /metrics and /health ({@code 0}: any free port; negative: none)
     * @param start starts the app, counting into the metrics it is given
     */
    public static int run(String name, int opsPort, Function<PipelineMetrics, StreamsRunner> start) {
        PrometheusMeterRegistry registry = Observability.prometheusRegistry();
        StreamsRunner runner = start.apply(new PipelineMetrics(registry));
        OpsServer ops = opsPort < 0 ? null : OpsServer.start(opsPort, registry, () -> List.of(runner.health()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            if (ops != null) {
                ops.close();
            }
        }, name + "-shutdown"));
        runner.awaitTermination();
        return runner.failed() ? 1 : 0;
    }
}
