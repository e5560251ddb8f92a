package io.mistakeflow.platform.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.connectors.roles.DatabaseRole;
import io.mistakeflow.connectors.roles.RoleLogins;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.gateway.auth.DevelopmentSecret;
import io.mistakeflow.platform.embedded.EmbeddedKafka;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import io.mistakeflow.common.TopicCreation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.mistakeflow.platform.DurationOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline benchmark-gateway}: N concurrent SSE clients, events published at a rate R;
 * measures connect time, fan-out latency (record sent to the topic → data received by the
 * client) p50/p99, and the gateway's heap, resident memory and threads.
 *
 * <p>Three processes, as in a deployment: this one runs Postgres (a process of its own) and a
 * Kafka broker and produces the events; the gateway runs as {@code GatewayCommand}; the clients as
 * {@link GatewayLoadClients}. Apart, because each connection is a file descriptor at both ends and
 * a process may hold 20,000 here; and so the gateway's footprint is its own. No Connect: the
 * sink's work is not the gateway's and would take CPU from the two cores (the backlog queries
 * find empty tables).
 */
@Command(name = "benchmark-gateway", mixinStandardHelpOptions = true,
        description = "Measure the gateway: N SSE clients, R events/s; connect time, fan-out latency, heap, threads.")
public final class GatewayBenchmarkCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern READY = Pattern.compile("READY gateway=(\\S+)");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    @Spec
    private CommandSpec spec;

    @Option(names = "--clients", defaultValue = "1000", description = "concurrent SSE clients, one student each (default ${DEFAULT-VALUE})")
    private int clients;

    @Option(names = "--rate", defaultValue = "1000", description = "events per second, spread over the students (default ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationOption.class,
            description = "how long events are measured (default ${DEFAULT-VALUE})")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationOption.class,
            description = "events sent before measuring, for the JIT (default ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions of the events topic (default ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--gateway-heap", defaultValue = "1g", description = "the gateway's -Xmx (default ${DEFAULT-VALUE})")
    private String gatewayHeap;

    @Option(names = "--concurrency", defaultValue = "200", description = "connections being opened at a time (default ${DEFAULT-VALUE})")
    private int concurrency;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || rate < 1 || partitions < 1 || concurrency < 1 || duration.isZero()) {
            spec.commandLine().getErr().println("pipeline benchmark-gateway: --clients, --rate, --partitions, --concurrency"
                    + " and --duration must be above 0");
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("mistakeflow-gateway-benchmark");
        List<Process> processes = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(null); EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
            SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
            // the gateway runs as its role, as deployed
            String databasePassword = DevelopmentSecret.generate();
            RoleLogins.enable(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD,
                    Map.of(DatabaseRole.APP, databasePassword));
            try (Admin admin = kafka.admin()) {
                TopicCreation.createAll(admin, partitions, (short) 1);
            }
            String secret = DevelopmentSecret.generate();
            Path settings = gatewaySettings(work, kafka.bootstrapServers(), postgres.jdbcUrl(), databasePassword, secret);

            Process gateway = start(processes, work, "gateway", List.of("-Xmx" + gatewayHeap, GatewayCommand.class.getName(),
                    settings.toString()));
            String url = awaitLine(gateway, READY, START_TIMEOUT).group(1);
            out.printf("gateway %s (pid %d, -Xmx%s): idle %s%n", url, gateway.pid(), gatewayHeap, footprint(url, gateway.pid()));
            out.flush();

            Process load = start(processes, work, "clients", List.of("-Xmx2g", GatewayLoadClients.class.getName(),
                    "--url", url, "--secret", secret, "--clients", String.valueOf(clients),
                    "--concurrency", String.valueOf(concurrency)));
            BlockingQueue<String> replies = lines(load);
            String connected = await(replies, "CONNECTED", START_TIMEOUT.plusSeconds(clients / 50));
            out.printf("%d clients: %s; gateway %s%n", clients, connected.substring("CONNECTED ".length()),
                    footprint(url, gateway.pid()));
            out.flush();

            Writer commands = new OutputStreamWriter(load.getOutputStream(), StandardCharsets.UTF_8);
            try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                publish(producer, warmup);
                Thread.sleep(1_000);
                commands.write("RESET\n");
                commands.flush();
                AtomicReference<Footprint> peak = new AtomicReference<>(new Footprint(0, 0, 0));
                long sent = publish(producer, duration, () -> peak.getAndUpdate(p -> p.max(footprint(url, gateway.pid()))));
                Thread.sleep(2_000);
                commands.write("REPORT\n");
                commands.flush();
                String report = await(replies, "REPORT", Duration.ofSeconds(60));
                out.printf("%d events/s for %s: sent=%d %s; gateway peak %s, now %s%n", rate, duration, sent,
                        report.substring("REPORT ".length()), peak.get(), footprint(url, gateway.pid()));
                out.flush();
            }
            return 0;
        } finally {
            for (Process process : processes) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
                process.destroyForcibly();
            }
            deleteTree(work);
        }
    }

    /** The gateway's figures: JVM heap in use and threads (from its /health), resident memory (from /proc). */
    record Footprint(long heapBytes, long rssBytes, int threads) {

        Footprint max(Footprint other) {
            return new Footprint(Math.max(heapBytes, other.heapBytes), Math.max(rssBytes, other.rssBytes),
                    Math.max(threads, other.threads));
        }

        @Override
        public String toString() {
            return String.format("heap %d MB, RSS %d MB, %d threads", heapBytes >> 20, rssBytes >> 20, threads);
        }
    }

    private Footprint footprint(String url, long pid) {
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = Json.MAPPER.readTree(health.body());
            long rss = 0;
            Path status = Path.of("/proc", String.valueOf(pid), "status");
            if (Files.isReadable(status)) {
                Matcher m = VM_RSS.matcher(Files.readString(status));
                rss = m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
            }
            return new Footprint(json.get("heap_used_bytes").asLong(), rss, json.get("threads").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway's /health", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private long publish(KafkaProducer<String, byte[]> producer, Duration length) throws InterruptedException {
        return publish(producer, length, () -> {
        });
    }

    /**
     * {@link #rate} events a second, round robin over the students, for {@code length}; each
     * event's {@code created_at} is the moment it is sent (microseconds), which the clients
     * subtract from the moment they receive it. {@code everySecond} runs once a second.
     */
    private long publish(KafkaProducer<String, byte[]> producer, Duration length, Runnable everySecond) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long nextSecond = start + TimeUnit.SECONDS.toNanos(1);
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        for (long due = start; due < end; due += intervalNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String student = GatewayLoadClients.student((int) (sent % clients));
            UiReflexEvent event = new UiReflexEvent(UUID.randomUUID().toString(), student, "TR.MAT.ALG.001",
                    EventType.RECOMMENDATION_UPDATED, "Biraz yavaşla", "Soruları okumadan cevaplıyorsun gibi görünüyor.",
                    List.of(Map.of("action", "slow_down", "duration_sec", 60, "label", "60 saniye yavaşla")), 8,
                    "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", false, null,
                    Instant.now().truncatedTo(ChronoUnit.MICROS));
            producer.send(new ProducerRecord<>(Topics.UI_REFLEX_EVENTS.name(), student,
                    Topics.UI_REFLEX_EVENTS.valueSerde().serializer().serialize(Topics.UI_REFLEX_EVENTS.name(), event)),
                    (metadata, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                        }
                    });
            sent++;
            if (System.nanoTime() >= nextSecond) {
                everySecond.run();
                nextSecond += TimeUnit.SECONDS.toNanos(1);
            }
        }
        producer.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " events could not be sent");
        }
        return sent;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private Path gatewaySettings(Path work, String bootstrapServers, String jdbcUrl, String databasePassword, String secret)
            throws IOException {
        Properties settings = new Properties();
        settings.putAll(GatewaySettings.embedded(bootstrapServers, jdbcUrl, DatabaseRole.APP.roleName(), databasePassword,
                secret, 0));
        settings.put(GatewaySettings.HOST, "127.0.0.1");
        settings.put(GatewaySettings.STREAMS_MAX, String.valueOf(clients + 100));
        Path file = work.resolve("gateway.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            settings.store(writer, "benchmark-gateway");
        }
        return file;
    }

    /** A JVM on this one's classpath; its output goes to {@code work/<name>.log} unless read. */
    private static Process start(List<Process> processes, Path work, String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(work.resolve(name + ".err").toFile()).start();
        processes.add(process);
        return process;
    }

    /** The process's output lines, read by a thread of their own so the process never blocks on a full pipe. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "benchmark-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static Matcher awaitLine(Process process, Pattern pattern, Duration timeout) throws InterruptedException {
        BlockingQueue<String> lines = lines(process);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            } else if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + " before it was ready");
            }
        }
        throw new IllegalStateException("the gateway was not ready after " + timeout);
    }

    private static String await(BlockingQueue<String> lines, String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("no " + prefix + " line from the clients after " + timeout);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
