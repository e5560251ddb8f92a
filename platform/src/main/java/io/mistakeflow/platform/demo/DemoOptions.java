package io.mistakeflow.platform.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code ./pipeline demo} was asked to do.
 *
 * @param rate mistakes the generator inserts per second
 * @param students students the generator spreads them over
 * @param generate whether to generate at all (false: the user inserts their own rows)
 * @param duration when to stop, or null: until Ctrl-C
 * @param dataDir where all state is kept across runs, or null: a temporary directory
 * @param partitions partitions of the pipeline's topics when they are created
 * @param opsPort the port of /metrics and /health (0: any free port)
 * @param gatewayPort the frontends' gateway's port (0: any free port)
 * @param instances instances of each app (1: both apps in the demo's JVM; more: a JVM each)
 */
record DemoOptions(double rate, int students, boolean generate, Duration duration, Path dataDir, int partitions,
                   int opsPort, int gatewayPort, int instances) {
}
