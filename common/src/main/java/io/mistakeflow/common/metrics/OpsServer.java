package io.mistakeflow.common.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mistakeflow.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's endpoints of a process, on a port of their own (the JDK's HTTP server: nothing
 * to add to an app that serves nothing else):
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format;</li>
 *   <li>{@code GET /health/live}: 200 while every component is live, else 503;</li>
 *   <li>{@code GET /health/ready}: 200 while every component is ready, else 503.</li>
 * </ul>
 * Health bodies are JSON: {@code {"status": "UP"|"DOWN", "components": {name: {"status": ..., ...}}}}.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param port 0 for any free port
     * @param components read at every request, so components may come and go
     */
    public static OpsServer start(int port, PrometheusMeterRegistry registry, Supplier<List<Health.Component>> components) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/metrics", exchange -> respond(exchange, 200,
                    "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.createContext("/health/live", exchange -> health(exchange, components.get(), true));
            server.createContext("/health/ready", exchange -> health(exchange, components.get(), false));
            server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8",
                    "not found: try /metrics, /health/live or /health/ready\n"));
            // one thread: a scrape every few seconds and a probe now and then
            server.setExecutor(Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "ops-http");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            OpsServer ops = new OpsServer(server);
            LOG.info("Metrics on {}/metrics, health on {}/health/ready", ops.url(), ops.url());
            return ops;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics and health on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void health(HttpExchange exchange, List<Health.Component> components, boolean liveness)
            throws IOException {
        Map<String, Object> states = new LinkedHashMap<>();
        boolean up = true;
        for (Health.Component component : components) {
            Health health;
            try {
                health = component.check();
            } catch (RuntimeException e) {
                health = new Health(false, false, Map.of("error", String.valueOf(e.getMessage())));
            }
            boolean ok = liveness ? health.live() : health.ready();
            up &= ok;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", ok ? "UP" : "DOWN");
            entry.putAll(health.details());
            states.put(component.name(), entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("components", states);
        respond(exchange, up ? 200 : 503, "application/json", json(body));
    }

    private static String json(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
