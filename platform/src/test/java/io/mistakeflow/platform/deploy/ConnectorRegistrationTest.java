package io.mistakeflow.platform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose's {@code connectors} job, {@code deploy/register-connectors.sh}, run for real
 * (sh, sed and curl, as in the curl image) against a server that records what Connect would get.
 */
class ConnectorRegistrationTest {

    private static final Path SCRIPT = ComposeFileTest.ROOT.resolve("deploy/register-connectors.sh");
    private static final Path CONNECTORS = ComposeFileTest.ROOT.resolve("connectors/src/main/resources/connectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer connect;
    private final Map<String, JsonNode> configs = new ConcurrentHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    /** Answer 409 (Connect rebalancing) to the first PUT, as a worker does right after it starts. */
    private volatile boolean rebalancingOnce = true;

    @BeforeEach
    void startConnect() throws IOException {
        connect = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        connect.createContext("/connectors", this::handle);
        connect.start();
    }

    @AfterEach
    void stopConnect() {
        connect.stop(0);
    }

    @Test
    void everyFileIsPutAsItsNamesConfigAndARebalanceIsRetried() throws Exception {
        assertThat(register()).isZero();

        List<Path> files = connectorFiles();
        assertThat(configs.keySet()).hasSize(files.size());
        for (Path file : files) {
            JsonNode declared = JSON.readTree(file.toFile());
            assertThat(declared.get("name").asText() + ".json").as("a file is named after its connector")
                    .isEqualTo(file.getFileName().toString());
            assertThat(configs.get(declared.get("name").asText())).as(file.toString()).isEqualTo(declared.get("config"));
        }
        assertThat(puts.get()).isEqualTo(files.size() + 1);
    }

    @Test
    void aSecondRunPutsTheSameConfigsAgainAndSucceeds() throws Exception {
        assertThat(register()).isZero();
        Map<String, JsonNode> first = Map.copyOf(configs);
        assertThat(register()).isZero();
        assertThat(configs).isEqualTo(first);
    }

    @Test
    void everyFileHasTheShapeTheScriptReads() throws IOException {
        for (Path file : connectorFiles()) {
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(0)).as(file.toString()).isEqualTo("{");
            assertThat(lines.get(1)).as(file.toString()).matches(" *\"name\": *\"[^\"]+\",");
            assertThat(lines.get(2)).as(file.toString()).matches(" *\"config\": *\\{");
            assertThat(lines.get(lines.size() - 1)).as(file.toString()).isEqualTo("}");
        }
    }

    private int register() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")), "no curl here");
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "CONNECT_URL", "http://127.0.0.1:" + connect.getAddress().getPort(),
                "CONNECTORS_DIR", CONNECTORS.toString(),
                "RETRIES", "3",
                "DELAY", "1"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return process.exitValue();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        if (exchange.getRequestMethod().equals("GET") && path.equals("/connectors")) {
            status = 200;
        } else if (exchange.getRequestMethod().equals("PUT") && path.matches("/connectors/[^/]+/config")) {
            puts.incrementAndGet();
            if (rebalancingOnce) {
                rebalancingOnce = false;
                status = 409;
            } else {
                configs.put(path.split("/")[2], JSON.readTree(body));
                status = 200;
            }
        } else {
            status = 404;
        }
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static List<Path> connectorFiles() throws IOException {
        try (Stream<Path> files = Files.list(CONNECTORS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
