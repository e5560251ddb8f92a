package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.platform.embedded.EmbeddedStack;
import io.mistakeflow.platform.embedded.StaleMembers;
import io.mistakeflow.recommender.RecommenderSettings;
import org.apache.kafka.clients.admin.Admin;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both apps killed mid-run without a clean shutdown, then restarted on the same state
 * directories: nothing lost, nothing duplicated. The apps run as processes of their own
 * ({@code Cli analyzer|recommender FILE}, the way they are deployed), so the kill is a real one:
 * open transactions, unflushed stores and unclosed consumer-group memberships are left behind.
 *
 * <p>A killed member stays in its consumer group until its session times out (45 s by default);
 * the test removes the killed members before the restart, as the embedded runtime does at start-up
 * ({@link StaleMembers}) and as an operator can with the Admin API ({@code removeMembersFromConsumerGroup}),
 * so the restarted apps get their partitions back at once.
 */
class CrashRestartEndToEndTest {

    private static final Duration RECOVERY = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    private static EmbeddedStack stack;
    private final List<App> apps = new ArrayList<>();

    @BeforeAll
    static void startStack() throws SQLException {
        stack = EmbeddedStack.start(EmbeddedStack.Options.defaults());
        ReferenceData.seedMistakeTypes(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void killApps() {
        apps.forEach(App::kill);
    }

    @Test
    void killedAndRestartedAppsLoseAndDuplicateNothing() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "endtoend-crash", 3_000, 100, Duration.ofSeconds(45));
        App analyzer = App.start("analyzer", dir, stack.bootstrapServers());
        App recommender = App.start("recommender", dir, stack.bootstrapServers());
        apps.addAll(List.of(analyzer, recommender));

        try (Connection writer = stack.postgres().connect(); Connection reader = stack.postgres().connect()) {
            // 3,000 rows at 300 a second: the kill lands in the middle of the run
            CompletableFuture<Void> inserts = CompletableFuture.runAsync(() -> {
                try {
                    run.insert(writer, 30, 10);
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    run.inserted() >= 1_000 && count(reader, "student_mistake_analysis") >= 300 && count(reader, "ui_reflex_events") >= 50);
            analyzer.kill();
            recommender.kill();
            long analysedAtKill = count(reader, "student_mistake_analysis");
            assertThat(analysedAtKill).as("killed mid-run").isLessThan(run.mistakes.size());

            try (Admin admin = stack.kafka().admin()) {
                StaleMembers.remove(admin, List.of(AnalyzerSettings.APPLICATION_ID, RecommenderSettings.APPLICATION_ID));
            }
            apps.add(App.start("analyzer", dir, stack.bootstrapServers()));
            apps.add(App.start("recommender", dir, stack.bootstrapServers()));
            inserts.get(60, TimeUnit.SECONDS);

            try {
                await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(reader), 10)).isEmpty());
            } catch (AssertionError e) {
                apps.forEach(App::printLogTail);
                throw e;
            }
            assertThat(OutputTables.counts(OutputTables.inPostgres(reader))).isEqualTo(OutputTables.counts(run.expected));
        }

        // exactly once on the topics too: every committed record once, none from the aborted transactions
        assertThat(idsOnTopic(Topics.ANALYSED_MISTAKES.name(), run.expected.get("student_mistake_analysis").size()))
                .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1))
                .containsOnlyKeys(run.expected.get("student_mistake_analysis").keySet());
        assertThat(idsOnTopic(Topics.UI_REFLEX_EVENTS.name(), run.expected.get("ui_reflex_events").size()))
                .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1))
                .containsOnlyKeys(run.expected.get("ui_reflex_events").keySet());
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** How often each record id occurs among the committed records of the topic, read until {@code expected} ids are seen. */
    private static Map<String, Integer> idsOnTopic(String topic, int expected) {
        Map<String, Integer> times = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = Json.MAPPER.readTree(record.value());
                    times.merge(value.get("id").asText(), 1, Integer::sum);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        assertThat(times).as("ids on %s", topic).hasSize(expected);
        return times;
    }

    /** One app as a child JVM: {@code java -cp <this classpath> io.mistakeflow.platform.Cli <app> <settings file>}. */
    private record App(String name, Process process, Path log) {

        static App start(String name, Path dir, String bootstrapServers) throws IOException {
            Properties settings = new Properties();
            settings.putAll(PipelineRuntime.appSettings(bootstrapServers, dir, name));
            Path file = dir.resolve(name + ".properties");
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                settings.store(out, "written by " + CrashRestartEndToEndTest.class.getSimpleName());
            }
            Path log = dir.resolve(name + ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    "io.mistakeflow.platform.Cli", name, file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new App(name, process, log);
        }

        /** SIGKILL: no shutdown hook, no commit, no close. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void printLogTail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.err.println("--- " + name + " (" + log + "), last lines:\n"
                        + lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n")));
            } catch (IOException e) {
                System.err.println("--- " + name + ": no log: " + e.getMessage());
            }
        }
    }
}
