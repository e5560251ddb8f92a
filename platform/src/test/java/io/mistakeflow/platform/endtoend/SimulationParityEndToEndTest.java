package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.demo.ReferenceData;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real components against the simulation: 3,000 generated mistakes inserted into Postgres go
 * through Debezium, Kafka, both apps (exactly-once) and the JDBC sinks, and the five output tables
 * end up exactly as {@code Simulation} computes them from the same rows.
 */
class SimulationParityEndToEndTest {

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
    void outputTablesEqualTheSimulationOfTheInsertedRows() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-parity", 3_000, 100, Duration.ofSeconds(45));

        try (Connection connection = runtime.stack().postgres().connect()) {
            run.insert(connection, 50, 10);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(connection), 10)).isEmpty());
            assertThat(OutputTables.counts(OutputTables.inPostgres(connection))).isEqualTo(OutputTables.counts(run.expected));
        }
    }
}
