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
 * The broker restarted under load, on the same port and log directory (a rolling restart of a
 * one-node cluster): Debezium, both Streams apps and the sinks reconnect by themselves, open
 * transactions are aborted and redone, and the tables end up exactly as the simulation says.
 */
class BrokerRestartEndToEndTest {

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
    void aRestartedBrokerLosesAndDuplicatesNothing() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-broker-restart", 3_000, 100, Duration.ofSeconds(45));

        try (Connection writer = runtime.stack().postgres().connect(); Connection reader = runtime.stack().postgres().connect()) {
            CompletableFuture<Void> inserts = run.insertInBackground(writer, 30, 10);
            await().atMost(Duration.ofSeconds(60)).until(() -> run.inserted() >= 900);
            runtime.stack().kafka().restart();
            inserts.get(90, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(reader), 10)).isEmpty());
            assertThat(OutputTables.counts(OutputTables.inPostgres(reader))).isEqualTo(OutputTables.counts(run.expected));
            assertThat(runtime.failure()).isNull();
        }
    }
}
