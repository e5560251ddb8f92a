package io.mistakeflow.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.platform.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's rules, one test each: help, --opt=value, unknown commands and options, exit codes. */
class CliTest {

    private static final List<String> COMMANDS =
            List.of("demo", "simulate", "analyzer", "recommender", "gateway", "token", "benchmark",
                    "benchmark-gateway", "migrate", "topics", "tail", "replay", "cutover");

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void everyCommandPrintsItsHelpToStdoutAndSucceeds(String flag) {
        for (String command : COMMANDS) {
            CliRun run = run(command, flag);
            assertThat(run.status()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: pipeline " + command);
            assertThat(run.err()).as(command).isEmpty();
        }
    }

    @Test
    void noHelpTextIsAMalformedFormatString() {
        // picocli formats descriptions (a bare % breaks them) and complains on System.err, not the command's
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream complaints = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(complaints, true));
        try {
            for (String command : COMMANDS) {
                run(command, "--help");
            }
            for (String step : List.of("install", "rollout", "status", "finish", "uninstall")) {
                CliRun run = run("cutover", step, "--help");
                assertThat(run.out()).as(step).startsWith("Usage: pipeline cutover " + step);
            }
        } finally {
            System.setErr(original);
        }
        assertThat(complaints.toString()).isEmpty();
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        CliRun run = run("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains(COMMANDS);
    }

    @Test
    void noCommandPrintsTheListOfCommands() {
        CliRun run = run();
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Usage: pipeline").contains(COMMANDS);
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        CliRun run = run("demp");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("pipeline: unknown command 'demp' (did you mean demo");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aCommandNobodyKnowsIsAUsageError() {
        CliRun run = run("frobnicate");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("pipeline: unknown command 'frobnicate'");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestion() {
        CliRun run = run("demo", "--rat", "5");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("pipeline demo: unknown option '--rat' (did you mean --rate?)");
    }

    @Test
    void aValueOutOfRangeIsAUsageErrorOnOneLine() {
        CliRun run = run("demo", "--rate=0");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("pipeline demo: --rate must be above 0");
    }

    @Test
    void aValueOfTheWrongTypeIsAUsageError() {
        CliRun run = run("demo", "--students", "many");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("pipeline demo: Invalid value for option '--students': 'many' is not an int");
    }

    @Test
    void aMissingSettingsFileIsAUsageErrorNotAStackTrace() {
        CliRun run = run("analyzer", "no-such.properties");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("no such file: no-such.properties").doesNotContain("\tat ");
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignToo(@TempDir Path dir) throws IOException {
        Path mistakes = dir.resolve("mistakes.jsonl");
        Files.writeString(mistakes, "{\"id\":\"6d000000-0000-4000-8000-000000000001\","
                + "\"student_id\":\"00000000-0000-4000-8000-000000000001\",\"global_topic_uid\":\"T\","
                + "\"mistake_code\":\"CALCULATION_ERROR\",\"time_spent_seconds\":3,\"occurred_at\":\"2025-01-06T10:00:00\"}\n",
                StandardCharsets.UTF_8);
        CliRun run = run("simulate", "--mistakes=" + mistakes, "--out=" + dir.resolve("out"));
        assertThat(run.status()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out").resolve("analysed_mistakes.jsonl"))).hasSize(1);
    }

    @Test
    void aFailureIsOneLineAndExitCodeOne() {
        CliRun run = run("migrate", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--user", "nobody");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("pipeline migrate: ").doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void migrateRetriesAnUnreachableDatabaseAsOftenAsAskedThenFails() {
        CliRun run = run("migrate", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--connect-retries", "1");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines().filter(line -> line.contains("not reachable yet"))).hasSize(1)
                .allMatch(line -> line.contains("retry 1 of 1"));
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun run = run("migrate", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--debug");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("\tat ").contains("pipeline migrate: ");
    }

    @Test
    void thePipelineScriptListsEveryCommand() throws IOException {
        String script = Files.readString(Path.of("..", "pipeline"), StandardCharsets.UTF_8);
        String header = script.substring(0, script.indexOf("set -euo pipefail"));
        assertThat(header).contains(COMMANDS);
    }
}
