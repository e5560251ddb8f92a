package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StreamsRunner;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.demo.ReferenceData;
import io.mistakeflow.platform.deploy.ComposeFile;
import io.mistakeflow.platform.embedded.TopicWait;
import io.mistakeflow.recommender.RecommenderApp;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The containers path, what docker-compose deploys: Postgres with logical replication, apache/kafka
 * and the Debezium Connect image (the images docker-compose.yml pins), the connectors registered by
 * compose's own script, the schema and the example seed as compose applies them, and both apps
 * in-process against them. Asserts what {@link SimulationParityEndToEndTest} asserts on the embedded
 * stack, with its helpers: the five output tables equal the simulation of the inserted rows.
 * Skipped without a Docker engine (the build machines have none).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersParityEndToEndTest {

    private static final Network NETWORK = Network.newNetwork();
    private static final String KAFKA_INTERNAL = "kafka:19092";

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>(
            DockerImageName.parse(ComposeFile.image("postgres")).asCompatibleSubstituteFor("postgres"))
            .withDatabaseName("mistakeflow").withUsername("mistakeflow").withPassword("mistakeflow")
            .withNetwork(NETWORK).withNetworkAliases("postgres")
            .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=4", "-c", "max_wal_senders=4",
                    "-c", "wal_writer_delay=10ms", "-c", "fsync=off");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse(ComposeFile.image("kafka")))
            .withListener(KAFKA_INTERNAL).withNetwork(NETWORK).withNetworkAliases("kafka");

    /** Started by hand once the schema and the topics exist, as compose orders it. */
    static final GenericContainer<?> CONNECT = new GenericContainer<>(DockerImageName.parse(ComposeFile.image("connect")))
            .withNetwork(NETWORK).withExposedPorts(8083)
            .withEnv(Map.of("BOOTSTRAP_SERVERS", KAFKA_INTERNAL, "GROUP_ID", "mistakeflow-connect",
                    "CONFIG_STORAGE_TOPIC", "mistakeflow-connect-configs", "OFFSET_STORAGE_TOPIC", "mistakeflow-connect-offsets",
                    "STATUS_STORAGE_TOPIC", "mistakeflow-connect-status", "CONFIG_STORAGE_REPLICATION_FACTOR", "1",
                    "OFFSET_STORAGE_REPLICATION_FACTOR", "1", "STATUS_STORAGE_REPLICATION_FACTOR", "1"))
            .withEnv(Map.of("CONNECT_CONFIG_PROVIDERS", "env",
                    "CONNECT_CONFIG_PROVIDERS_ENV_CLASS", "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                    "CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY", "All",
                    "PG_HOST", "postgres", "PG_PORT", "5432", "PG_DATABASE", "mistakeflow", "PG_USER", "mistakeflow",
                    "PG_PASSWORD", "mistakeflow"))
            // the sinks' TypedRowConverter: the module's classes (Connect takes a directory of classes as a plugin)
            .withCopyFileToContainer(MountableFile.forHostPath(ComposeFile.ROOT.resolve("connectors/target/classes")),
                    "/kafka/connect/mistakeflow-converter/classes")
            .waitingFor(Wait.forHttp("/connectors").forPort(8083).withStartupTimeout(Duration.ofMinutes(3)));

    @TempDir
    static Path dir;

    private static StreamsRunner analyzer;
    private static StreamsRunner recommender;

    @BeforeAll
    static void deploy() throws Exception {
        SchemaMigrations.apply(POSTGRES.getJdbcUrl(), "mistakeflow", "mistakeflow");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
            TopicCreation.createAll(admin, 3, (short) 1);
        }
        CONNECT.start();
        registerConnectors();
        Set<String> seeded;
        try (Connection connection = connect()) {
            seeded = ReferenceData.seedMistakeTypes(connection);
        }
        TopicWait.awaitKeys(KAFKA.getBootstrapServers(), Topics.MISTAKE_TYPES.name(), seeded, Duration.ofSeconds(60));

        analyzer = AnalyzerApp.start(AnalyzerSettings.from(appSettings("analyzer")), PipelineMetrics.inMemory());
        recommender = RecommenderApp.start(RecommenderSettings.from(appSettings("recommender")), PipelineMetrics.inMemory());
        await().atMost(Duration.ofSeconds(60)).until(() -> analyzer.isRunning() && recommender.isRunning());
    }

    @AfterAll
    static void undeploy() {
        for (StreamsRunner app : new StreamsRunner[] {recommender, analyzer}) {
            if (app != null) {
                app.close();
            }
        }
        CONNECT.stop();
    }

    @Test
    void outputTablesEqualTheSimulationOfTheInsertedRows() throws Exception {
        GeneratedRun run = GeneratedRun.create(dir, "containers-parity", 1_000, 50, Duration.ofSeconds(45));

        try (Connection connection = connect()) {
            run.insert(connection, 50, 10);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(OutputTables.differences(run.expected, OutputTables.inPostgres(connection), 10)).isEmpty());
            assertThat(OutputTables.counts(OutputTables.inPostgres(connection))).isEqualTo(OutputTables.counts(run.expected));
        }
    }

    /** docker-compose's {@code connectors} job: deploy/register-connectors.sh, against the mapped port. */
    private static void registerConnectors() throws Exception {
        ProcessBuilder script = new ProcessBuilder("sh", ComposeFile.ROOT.resolve("deploy/register-connectors.sh").toString())
                .redirectErrorStream(true);
        script.environment().putAll(Map.of(
                "CONNECT_URL", "http://" + CONNECT.getHost() + ":" + CONNECT.getMappedPort(8083),
                "CONNECTORS_DIR", ComposeFile.ROOT.resolve("connectors/src/main/resources/connectors").toString()));
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(line -> line.startsWith("registered "))).hasSize(
                (int) Files.list(ComposeFile.ROOT.resolve("connectors/src/main/resources/connectors")).count());
    }

    private static SettingsSource appSettings(String app) {
        return SettingsSource.of(Map.of("bootstrap.servers", KAFKA.getBootstrapServers(),
                "state.dir", dir.resolve(app).toString(), "replication.factor", "1"));
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(POSTGRES.getJdbcUrl(), "mistakeflow", "mistakeflow");
    }
}
