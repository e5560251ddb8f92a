package io.mistakeflow.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.analysis.AnalysedMistake;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.embedded.EmbeddedKafka;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import io.mistakeflow.platform.endtoend.OutputTables;
import io.mistakeflow.platform.CliRun;
import io.mistakeflow.platform.simulate.OutputFiles;
import io.mistakeflow.platform.simulate.Simulation;
import io.mistakeflow.platform.simulate.SimulationInputs;
import io.mistakeflow.recommender.topology.RecommenderOptions;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pipeline replay} on a real broker and a real Postgres holding the parity sample (1,860
 * mistakes, the reference rows) as the live pipeline would: the mistakes on a 3-partition topic
 * in Debezium's flat row format, and in {@code public.student_mistakes}; the live output tables
 * filled with simulate's output, a few rows altered. Every replay must equal simulate on the same
 * rows and leave every live topic, group and table as it was.
 */
class ReplayEndToEndTest {

    private static final int MISTAKES = 1_860;

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;
    private static Path sample;
    private static Path simulated;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        sample = Path.of(ReplayEndToEndTest.class.getResource("/parity-sample/input_mistakes.jsonl").toURI()).getParent();
        simulated = dir.resolve("simulated");
        home = dir.resolve("replays");
        new Simulation(new SimulationInputs(sample.resolve("input_mistakes.jsonl"), sample.resolve("mistake_types.jsonl"),
                sample.resolve("analysis_presets.jsonl"), sample.resolve("student_analysis_settings.jsonl")),
                RecommenderTopology.build(RecommenderOptions.inMemory()), new PrintStream(new ByteArrayOutputStream())).run(simulated);

        kafka = EmbeddedKafka.start(null);
        try (Admin admin = kafka.admin()) {
            TopicCreation.createAll(admin, 3, (short) 1);
        }
        produce();

        postgres = EmbeddedPostgres.start(null);
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        try (Connection connection = postgres.connect()) {
            insertInputs(connection);
            fillLiveOutputs(connection);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The sample as Debezium would have put it on the topics: keyed rows, the mistakes timestamped at occurred_at. */
    private static void produce() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (JsonNode row : lines("mistake_types.jsonl")) {
                producer.send(new ProducerRecord<>(Topics.MISTAKE_TYPES.name(), row.get("mistake_code").asText(), bytes(row)));
            }
            for (JsonNode row : lines("analysis_presets.jsonl")) {
                producer.send(new ProducerRecord<>(Topics.PRESETS.name(), row.get("preset_name").asText(), bytes(row)));
            }
            for (JsonNode row : lines("student_analysis_settings.jsonl")) {
                producer.send(new ProducerRecord<>(Topics.STUDENT_SETTINGS.name(), row.get("student_id").asText(), bytes(row)));
            }
            for (JsonNode row : lines("input_mistakes.jsonl")) {
                long timestamp = LocalDateTime.parse(row.get("occurred_at").asText()).toInstant(ZoneOffset.UTC).toEpochMilli();
                producer.send(new ProducerRecord<>(Topics.MISTAKES.name(), null, timestamp, row.get("student_id").asText(),
                        bytes(row)));
            }
            producer.flush();
        }
    }

    private static void insertInputs(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM analysis_presets");
        }
        for (String table : List.of("mistake_types", "analysis_presets", "student_analysis_settings", "student_mistakes")) {
            List<JsonNode> rows = lines(table.equals("student_mistakes") ? "input_mistakes.jsonl" : table + ".jsonl");
            // the columns the sample has; the others keep their defaults
            List<String> columns = columns(connection, table).stream().filter(rows.get(0)::has).toList();
            String list = String.join(", ", columns);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + list + ") SELECT "
                    + list + " FROM json_populate_recordset(null::" + table + ", ?::json)")) {
                insert.setString(1, Json.MAPPER.writeValueAsString(rows));
                insert.executeUpdate();
            }
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * Live outputs: simulate's rows, then three patterns set to 'stable' (their statuses moved),
     * one baseline removed (only in the replay) and one event no replay makes (only live).
     */
    private static void fillLiveOutputs(Connection connection) throws Exception {
        try (PostgresReplayOutput live = new PostgresReplayOutput(connection, "public")) {
            for (JsonNode row : read(simulated.resolve("analysed_mistakes.jsonl"))) {
                live.analysed(Json.MAPPER.treeToValue(row, AnalysedMistake.class));
            }
            for (JsonNode row : read(simulated.resolve("ui_reflex_events.jsonl"))) {
                live.event(Json.MAPPER.treeToValue(row, UiReflexEvent.class));
            }
            List<Baseline> baselines = new ArrayList<>();
            for (JsonNode row : read(simulated.resolve("baselines.jsonl"))) {
                baselines.add(Json.MAPPER.treeToValue(row, Baseline.class));
            }
            List<MistakePattern> patterns = new ArrayList<>();
            for (JsonNode row : read(simulated.resolve("patterns.jsonl"))) {
                patterns.add(Json.MAPPER.treeToValue(row, MistakePattern.class));
            }
            List<Recommendation> recommendations = new ArrayList<>();
            for (JsonNode row : read(simulated.resolve("recommendations.jsonl"))) {
                recommendations.add(Json.MAPPER.treeToValue(row, Recommendation.class));
            }
            live.finalState(baselines, patterns, recommendations);
        }
    }

    @Test
    void fromKafkaToFilesEqualsSimulateLineForLine() throws Exception {
        Fingerprint before = fingerprint();

        CliRun run = replay("--namespace", "kafka_files", "--from-kafka", kafka.bootstrapServers(),
                "--to-files", dir.resolve("kafka-files").toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("replay kafka_files: 1,860 mistakes from kafka " + kafka.bootstrapServers());
        assertThat(run.out()).contains("  145 baselines, 145 patterns, " + lines(simulated, "recommendations.jsonl") + " recommendations");
        assertSameFiles(dir.resolve("kafka-files"));
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void fromPostgresToFilesEqualsSimulateLineForLine() throws Exception {
        Fingerprint before = fingerprint();

        CliRun run = replay("--namespace", "pg_files", "--from-postgres", postgres.jdbcUrl(), "--password", "postgres",
                "--to-files", dir.resolve("pg-files").toString(), "--progress-every", "1ms");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("replay pg_files: 1,860 mistakes from postgres " + postgres.jdbcUrl());
        // not a terminal: plain progress lines
        assertThat(run.out()).containsPattern("replay pg_files: [0-9,]+ / 1,860 mistakes \\([0-9]+%\\), [0-9,]+/s");
        assertSameFiles(dir.resolve("pg-files"));
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void toPostgresWritesTheNamespacesSchemaThenDiffsAndDropsIt() throws Exception {
        Fingerprint before = fingerprint();
        Path keys = dir.resolve("differing.jsonl");
        Map<String, String> moved = liveStatusesMovedToStable();
        Fingerprint altered = fingerprint();

        CliRun run = replay("--namespace", "whole", "--from-kafka", kafka.bootstrapServers(),
                "--to-postgres", postgres.jdbcUrl(), "--password", "postgres");
        assertThat(run.status()).as(run.err()).isZero();
        try (Connection connection = postgres.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET search_path TO replay_whole");
            }
            assertThat(OutputTables.differences(OutputTables.simulated(simulated), OutputTables.inPostgres(connection), 10))
                    .isEmpty();
        }
        assertThat(fingerprint()).isEqualTo(altered);

        CliRun diff = replay("--namespace", "whole", "--diff", "--diff-out", keys.toString(), "--password", "postgres");
        assertThat(diff.status()).as(diff.err()).isZero();
        long analysed = lines(simulated, "analysed_mistakes.jsonl");
        long recommendations = lines(simulated, "recommendations.jsonl");
        long events = lines(simulated, "ui_reflex_events.jsonl");
        assertThat(diff.out()).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "student_baseline_performance", 144, 0, 0, 1));
        assertThat(diff.out()).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "student_mistake_patterns", 142, 3, 0, 0));
        assertThat(diff.out()).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "student_mistake_analysis", analysed, 0, 0, 0));
        assertThat(diff.out()).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "student_recommendations", recommendations, 0, 0, 0));
        assertThat(diff.out()).contains(String.format("%-30s %,10d %,10d %,10d %,12d", "ui_reflex_events", events, 0, 1, 0));
        Map<String, Long> expectedMoves = new TreeMap<>();
        moved.values().forEach(status -> expectedMoves.merge("stable -> " + status, 1L, Long::sum));
        expectedMoves.forEach((move, rows) -> assertThat(diff.out()).contains("  " + move + ": " + rows));
        assertThat(Files.readAllLines(keys)).hasSize(5);
        TreeSet<String> patternKeys = new TreeSet<>();
        for (JsonNode line : read(keys)) {
            if (line.get("table").asText().equals("student_mistake_patterns")) {
                assertThat(line.get("kind").asText()).isEqualTo("differing");
                patternKeys.add(line.get("key").get("student_id").asText() + "|" + line.get("key").get("global_topic_uid").asText());
            }
        }
        assertThat(patternKeys).isEqualTo(new TreeSet<>(moved.keySet()));
        assertThat(fingerprint()).isEqualTo(altered);

        CliRun drop = replay("--namespace", "whole", "--drop", "--password", "postgres");
        assertThat(drop.status()).as(drop.err()).isZero();
        assertThat(drop.out()).startsWith("dropped namespace whole: schema replay_whole");
        assertThat(schemas()).doesNotContain("replay_whole");
        assertThat(home.resolve("whole")).doesNotExist();
        assertThat(fingerprint()).isEqualTo(altered);
        restoreLiveStatuses(moved);
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void aWhatIfReplayWithOtherPresetsEqualsSimulateWithThem() throws Exception {
        // every student on aggressive: it becomes the default, and the settings rows are left out
        Path presets = dir.resolve("aggressive-default.jsonl");
        List<String> rows = new ArrayList<>();
        for (JsonNode row : lines("analysis_presets.jsonl")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) row).put("is_default", row.get("preset_name").asText().equals("aggressive"));
            rows.add(Json.MAPPER.writeValueAsString(row));
        }
        Files.write(presets, rows);
        Path noSettings = Files.writeString(dir.resolve("no-settings.jsonl"), "");
        Path whatIf = dir.resolve("what-if-simulated");
        new Simulation(new SimulationInputs(sample.resolve("input_mistakes.jsonl"), sample.resolve("mistake_types.jsonl"),
                presets, noSettings), RecommenderTopology.build(RecommenderOptions.inMemory()),
                new PrintStream(new ByteArrayOutputStream())).run(whatIf);
        Fingerprint before = fingerprint();

        CliRun run = replay("--namespace", "aggressive", "--from-kafka", kafka.bootstrapServers(), "--presets", presets.toString(),
                "--student-settings", noSettings.toString(), "--to-files", dir.resolve("what-if").toString());

        assertThat(run.status()).as(run.err()).isZero();
        for (String name : OutputFiles.NAMES) {
            assertThat(Files.readAllLines(dir.resolve("what-if").resolve(name))).as(name)
                    .containsExactlyElementsOf(Files.readAllLines(whatIf.resolve(name)));
        }
        assertThat(Files.readAllLines(whatIf.resolve("patterns.jsonl")))
                .as("the presets made a difference").isNotEqualTo(Files.readAllLines(simulated.resolve("patterns.jsonl")));
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void badInvocationsAreOneLineErrorsThatLeaveNothingBehind() throws Exception {
        Fingerprint before = fingerprint();
        Path badPresets = Files.writeString(dir.resolve("bad-presets.jsonl"),
                "{\"preset_name\": \"normal\", \"is_default\": true, \"settings\": {}}\n{\"preset_name\": \"x\", \"settings\": [1]}\n");
        String files = dir.resolve("never").toString();
        String pg = postgres.jdbcUrl();

        assertError(2, "pipeline replay: no replay namespace 'nobody' (in " + home + ")", "--namespace", "nobody", "--diff");
        assertError(2, "pipeline replay: no replay namespace 'nobody' (in " + home + ")", "--namespace", "nobody", "--drop");
        assertError(2, "pipeline replay: --namespace must be a lower-case letter then up to 39 lower-case letters, digits"
                + " or _: Bad-Name", "--namespace", "Bad-Name", "--from-postgres", pg, "--to-files", files);
        assertError(2, "pipeline replay: --since 2025-02-01T00:00:00 is not before --until 2025-01-01T00:00:00",
                "--namespace", "window", "--from-postgres", pg, "--to-files", files,
                "--since", "2025-02-01T00:00:00", "--until", "2025-01-01T00:00:00");
        assertError(2, "pipeline replay: " + badPresets + " line 2 does not follow the input contract: settings is not a JSON object",
                "--namespace", "badfile", "--from-postgres", pg, "--to-files", files, "--presets", badPresets.toString());
        assertError(1, "pipeline replay: cannot reach Postgres at jdbc:postgresql://127.0.0.1:1/postgres: Connection to"
                + " 127.0.0.1:1 refused.", "--namespace", "nopg", "--from-postgres", "jdbc:postgresql://127.0.0.1:1/postgres",
                "--to-files", files);
        assertError(1, "pipeline replay: cannot read Kafka at 127.0.0.1:1: Timeout expired while fetching topic metadata",
                "--namespace", "nokafka", "--from-kafka", "127.0.0.1:1", "--to-files", files);
        assertError(2, "pipeline replay: give one source: --from-kafka HOST:PORT or --from-postgres JDBC_URL",
                "--namespace", "nosource", "--to-files", files);
        assertThat(Path.of(files)).doesNotExist();

        assertThat(replay("--namespace", "twice", "--from-postgres", pg, "--password", "postgres", "--to-files",
                dir.resolve("twice").toString()).status()).isZero();
        CliRun again = replay("--namespace", "twice", "--from-postgres", pg, "--password", "postgres", "--to-files",
                dir.resolve("twice").toString());
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("pipeline replay: namespace 'twice' already holds a replay (from postgres " + pg
                + "); --force to replay into it again, or --drop it first" + System.lineSeparator());
        assertThat(replay("--namespace", "twice", "--from-postgres", pg, "--password", "postgres", "--to-files",
                dir.resolve("twice").toString(), "--force").status()).isZero();
        assertSameFiles(dir.resolve("twice"));
        CliRun drop = replay("--namespace", "twice", "--drop");
        assertThat(drop.out()).isEqualTo("dropped namespace twice: 5 files in " + dir.resolve("twice").toAbsolutePath()
                + ", record in " + home.resolve("twice") + System.lineSeparator());
        assertThat(dir.resolve("twice")).doesNotExist();
        assertThat(fingerprint()).isEqualTo(before);
    }

    private static void assertError(int status, String message, String... args) {
        CliRun run = replay(args);
        assertThat(run.status()).as(String.join(" ", args)).isEqualTo(status);
        assertThat(run.err().lines().findFirst().orElse("")).startsWith(message);
        // one line, no stack trace
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertThat(home.resolve(args[1])).doesNotExist();
    }

    // --- the live side, to prove it unchanged ------------------------------------------------

    /** Every table of the live schema, every schema's name, every topic's end offsets, every consumer group. */
    record Fingerprint(Map<String, String> tables, List<String> schemas, Map<String, Long> offsets, List<String> groups) {
    }

    private static Fingerprint fingerprint() throws Exception {
        Map<String, String> tables = new TreeMap<>();
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            List<String> names = new ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            for (String name : names) {
                try (Statement digest = connection.createStatement();
                     ResultSet rows = digest.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(to_jsonb(t)::text, ','"
                             + " ORDER BY to_jsonb(t)::text)), '') FROM public." + name + " t")) {
                    rows.next();
                    tables.put(name, rows.getString(1));
                }
            }
        }
        Map<String, Long> offsets = new TreeMap<>();
        List<String> groups = new ArrayList<>();
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> query = new java.util.HashMap<>();
            for (var description : admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values()) {
                description.partitions().forEach(p -> query.put(new TopicPartition(description.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            admin.listOffsets(query).all().get().forEach((partition, info) -> offsets.put(partition.toString(), info.offset()));
            admin.listGroups().all().get().forEach(group -> groups.add(group.groupId()));
        }
        return new Fingerprint(tables, schemas().stream().filter(s -> !s.startsWith("replay_")).toList(), offsets, groups);
    }

    private static List<String> schemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT nspname FROM pg_namespace ORDER BY 1")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    /** Three live patterns set to 'stable'; (student|topic) -> the status they had. Also the baseline and event differences. */
    private static Map<String, String> liveStatusesMovedToStable() throws SQLException {
        Map<String, String> moved = new TreeMap<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT student_id, global_topic_uid, improvement_trend"
                    + " FROM student_mistake_patterns WHERE improvement_trend <> 'stable' ORDER BY id LIMIT 3")) {
                while (result.next()) {
                    moved.put(result.getString(1) + "|" + result.getString(2), result.getString(3));
                }
            }
            for (String key : moved.keySet()) {
                String[] parts = key.split("\\|");
                statement.executeUpdate("UPDATE student_mistake_patterns SET improvement_trend = 'stable' WHERE student_id = '"
                        + parts[0] + "' AND global_topic_uid IS NOT DISTINCT FROM " + ("null".equals(parts[1]) ? "NULL" : "'" + parts[1] + "'"));
            }
            statement.execute("CREATE TABLE saved_baseline AS SELECT * FROM student_baseline_performance ORDER BY id LIMIT 1");
            statement.execute("DELETE FROM student_baseline_performance WHERE id IN (SELECT id FROM saved_baseline)");
            statement.execute("INSERT INTO ui_reflex_events (id, student_id, event_type, created_at) VALUES"
                    + " ('00000000-0000-4000-8000-00000000e0e0', '00000000-0000-4000-8000-000000000001', 'TRIGGER_MADE', '2025-01-01')");
        }
        return moved;
    }

    private static void restoreLiveStatuses(Map<String, String> moved) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> entry : moved.entrySet()) {
                String[] parts = entry.getKey().split("\\|");
                statement.executeUpdate("UPDATE student_mistake_patterns SET improvement_trend = '" + entry.getValue()
                        + "' WHERE student_id = '" + parts[0] + "' AND global_topic_uid IS NOT DISTINCT FROM "
                        + ("null".equals(parts[1]) ? "NULL" : "'" + parts[1] + "'"));
            }
            statement.execute("INSERT INTO student_baseline_performance SELECT * FROM saved_baseline");
            statement.execute("DROP TABLE saved_baseline");
            statement.execute("DELETE FROM ui_reflex_events WHERE id = '00000000-0000-4000-8000-00000000e0e0'");
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    static CliRun replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay", "--replay-home", home.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static void assertSameFiles(Path replayed) throws Exception {
        for (String name : OutputFiles.NAMES) {
            assertThat(Files.readAllLines(replayed.resolve(name))).as(name)
                    .hasSizeGreaterThan(0)
                    .containsExactlyElementsOf(Files.readAllLines(simulated.resolve(name)));
        }
    }

    private static long lines(Path dir, String name) throws Exception {
        return Files.readAllLines(dir.resolve(name)).size();
    }

    private static List<JsonNode> lines(String sampleFile) throws Exception {
        return read(sample.resolve(sampleFile));
    }

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(Json.MAPPER.readTree(line));
            }
        }
        return rows;
    }

    private static byte[] bytes(JsonNode row) throws Exception {
        return Json.MAPPER.writeValueAsBytes(row);
    }
}
