package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postgres unavailable for 30 s under load: every server process frozen with SIGSTOP, then thawed
 * with SIGCONT. The learning app's inserts wait, the Debezium source and the JDBC sinks stall on
 * their connections, and all of them go on by themselves afterwards: the tables end up exactly as
 * the simulation of every inserted row says.
 */
class PostgresFrozenEndToEndTest {

    private static final Duration FROZEN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static PipelineRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.start(PipelineRuntime.Options.defaults(), ReferenceData::seedMistakeTypes);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aFrozenDatabaseHoldsThePipelineUpAndLosesNothing() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-postgres-frozen", 3_000, 100, Duration.ofSeconds(45));
        ProcessHandle postgres = runtime.stack().postgres().process().orElseThrow();

        try (Connection writer = runtime.stack().postgres().connect(); Connection reader = runtime.stack().postgres().connect()) {
            CompletableFuture<Void> inserts = run.insertInBackground(writer, 30, 10);
            await().atMost(Duration.ofSeconds(60)).until(() -> run.inserted() >= 900);
            Signals.send("STOP", postgres);
            try {
                Thread.sleep(FROZEN.toMillis()); // the fault itself: the database is gone for this long
            } finally {
                Signals.send("CONT", postgres);
            }
            inserts.get(90, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(reader), 10)).isEmpty());
            assertThat(OutputTables.counts(OutputTables.inPostgres(reader))).isEqualTo(OutputTables.counts(run.expected));
            assertThat(runtime.failure()).isNull();
        }
    }
}
