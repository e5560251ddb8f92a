package io.mistakeflow.gateway;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.metrics.Health;
import io.mistakeflow.common.metrics.Observability;
import io.mistakeflow.common.metrics.ReplicationSlotLag;
import io.mistakeflow.gateway.auth.TokenVerifier;
import io.mistakeflow.gateway.events.EventFeed;
import io.mistakeflow.gateway.events.EventStore;
import io.mistakeflow.gateway.events.EventStreamEndpoint;
import io.mistakeflow.gateway.events.LiveEvents;
import io.mistakeflow.gateway.events.RecentEvents;
import io.mistakeflow.gateway.feedback.FeedbackEndpoints;
import io.mistakeflow.gateway.feedback.FeedbackStore;
import io.mistakeflow.gateway.http.ApiError;
import io.mistakeflow.gateway.http.Authentication;
import io.mistakeflow.gateway.http.CorsPolicy;
import io.mistakeflow.gateway.recommendations.RecommendationStore;
import io.mistakeflow.gateway.recommendations.RecommendationsEndpoint;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: HTTP (Javalin on Jetty) in front of the event feed and Postgres. Start one with
 * {@link #start}; it runs until {@link #close}. Usable in-process (the embedded demo, the tests)
 * and as a process of its own ({@code ./pipeline gateway}).
 *
 * <p>Endpoints: {@code GET /} (the page), {@code GET /students/{id}/events} (SSE),
 * {@code GET /students/{id}/recommendations}, {@code POST /events/{id}/delivered},
 * {@code POST /recommendations/{id}/shown|dismissed}, {@code GET /health}. Every refusal is a JSON
 * body {@code {"error", "message"}} ({@link ApiError}).
 *
 * <p>Threads: Jetty's pool serves requests and is never held by an open stream (streams write
 * without blocking); one thread reads the topic and fans out; one sends heartbeats; one retries
 * deferred writes.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final Duration FEED_TIMEOUT = Duration.ofSeconds(30);
    private static final String PAGE_RESOURCES = "/mistakeflow-gateway-page";
    public static final String STREAMS_OPEN = "mistakeflow.gateway.streams.open";
    public static final String EVENTS_READ = "mistakeflow.gateway.events.read";
    /** The page's own files only; no inline script, nothing from elsewhere; and a token in its URL never leaks as a referrer. */
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Cache-Control", "no-cache",
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff");

    private final GatewaySettings settings;
    private final Javalin app;
    private final EventFeed feed;
    private final LiveEvents live;
    private final FeedbackEndpoints feedback;
    private final HikariDataSource database;
    private final ScheduledExecutorService heartbeats;
    private final Health.Component health;

    private GatewayServer(GatewaySettings settings, Javalin app, EventFeed feed, LiveEvents live, FeedbackEndpoints feedback,
                          HikariDataSource database, ScheduledExecutorService heartbeats, Health.Component health) {
        this.health = health;
        this.settings = settings;
        this.app = app;
        this.feed = feed;
        this.live = live;
        this.feedback = feedback;
        this.database = database;
        this.heartbeats = heartbeats;
    }

    /** A gateway with meters of its own (served at {@code /metrics}). */
    public static GatewayServer start(GatewaySettings settings) {
        return start(settings, Clock.systemUTC(), Observability.prometheusRegistry());
    }

    /**
     * @param clock for token expiry and the time of frontend marks
     * @param registry where the gateway's meters go, served at {@code /metrics} (the demo shares one)
     */
    public static GatewayServer start(GatewaySettings settings, Clock clock, PrometheusMeterRegistry registry) {
        long began = System.nanoTime();
        LongSupplier monotonicMillis = () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        List<AutoCloseable> started = new ArrayList<>();
        try {
            HikariDataSource database = Database.pool(settings);
            started.add(database);
            RecentEvents recent = new RecentEvents(settings.recentWindow(), settings.recentMaxEvents());
            LiveEvents live = new LiveEvents(recent, settings.streamsPerStudent(), settings.streamsMax(), monotonicMillis);
            EventFeed feed = EventFeed.start(settings.bootstrapServers(), settings.kafkaProperties(), live, settings.recentWindow(),
                    FEED_TIMEOUT);
            started.add(feed);
            Gauge.builder(STREAMS_OPEN, live, LiveEvents::openStreams)
                    .description("SSE streams open on this gateway instance").register(registry);
            FunctionCounter.builder(EVENTS_READ, feed, EventFeed::published)
                    .description("ui_reflex_events the gateway read from the topic").register(registry);
            // where the apps run as processes of their own (docker-compose) the gateway is the one with the
            // database at hand, so it reports the slot's lag; the embedded stack binds the same gauge
            new ReplicationSlotLag(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(), ReplicationSlotLag.SLOT)
                    .bindTo(registry);
            Health.Component health = health(feed, live);

            Authentication authentication = new Authentication(
                    new TokenVerifier(settings.jwtSecret(), settings.jwtIssuer(), settings.jwtAudience(), clock));
            EventStreamEndpoint events = new EventStreamEndpoint(authentication, live, new EventStore(database),
                    settings.backlogLimit(), settings.clientBufferEvents(), monotonicMillis);
            FeedbackEndpoints feedback = new FeedbackEndpoints(authentication, new FeedbackStore(database), recent,
                    settings.recentWindow(), Math.max(1, settings.recentMaxEvents()), clock, monotonicMillis);
            started.add(feedback);
            RecommendationsEndpoint recommendations = new RecommendationsEndpoint(authentication, new RecommendationStore(database));
            CorsPolicy cors = new CorsPolicy(settings.corsOrigins());

            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.startupWatcherEnabled = false;
                config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                config.jetty.threadPool = threadPool();
                // Javalin's default server cuts every connection's idle timeout to a second while the
                // thread pool runs low; streams are idle between heartbeats by design, so a burst of
                // connects would cut them all
                config.jetty.modifyServer(server -> server.getBeans(LowResourceMonitor.class).forEach(server::removeBean));
                config.jetty.addConnector((server, http) -> {
                    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    // streams write a heartbeat every interval: an idle timeout above it only closes dead ones
                    connector.setIdleTimeout(Math.max(30_000, 2 * settings.heartbeatInterval().toMillis() + 5_000));
                    // many clients reconnect at once after a restart of a load balancer or this instance
                    connector.setAcceptQueueSize(4_096);
                    return connector;
                });
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = PAGE_RESOURCES;
                    files.location = Location.CLASSPATH;
                    files.headers = PAGE_HEADERS;
                });
                config.routes.before(cors::apply);
                config.routes.get("/health", ctx -> ctx.status(feed.running() ? 200 : 503).json(health(live, feed)));
                config.routes.get("/health/live", ctx -> ctx.status(200).json(Map.of("status", "UP",
                        "components", Map.of(health.name(), health.check().details()))));
                config.routes.get("/health/ready", ctx -> {
                    Health now = health.check();
                    ctx.status(now.ready() ? 200 : 503).json(Map.of("status", now.ready() ? "UP" : "DOWN",
                            "components", Map.of(health.name(), now.details())));
                });
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(registry.scrape()));
                config.routes.get("/students/{studentId}/events", events::handle);
                config.routes.get("/students/{studentId}/recommendations", recommendations::handle);
                config.routes.post("/events/{id}/delivered", feedback::delivered);
                config.routes.post("/recommendations/{id}/shown", feedback::shown);
                config.routes.post("/recommendations/{id}/dismissed", feedback::dismissed);
                config.routes.exception(ApiError.class, (error, ctx) -> refuse(ctx, error));
                config.routes.exception(HttpResponseException.class, (error, ctx) -> refuse(ctx, fromJavalin(error)));
                config.routes.exception(Exception.class, (error, ctx) -> {
                    LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), error);
                    refuse(ctx, ApiError.of(500, "unexpected error; see the gateway's log"));
                });
            });
            app.start();
            started.add(app::stop);

            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "gateway-heartbeats");
                thread.setDaemon(true);
                return thread;
            });
            long every = settings.heartbeatInterval().toMillis();
            heartbeats.scheduleAtFixedRate(live::heartbeat, every, every, TimeUnit.MILLISECONDS);

            GatewayServer gateway = new GatewayServer(settings, app, feed, live, feedback, database, heartbeats, health);
            LOG.info("Gateway listening on {} in {} ms ({})", gateway.url(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                    settings);
            return gateway;
        } catch (RuntimeException e) {
            closeAll(started, e);
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /** {@code http://host:port}, with {@code localhost} for a gateway listening on every interface. */
    public String url() {
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "localhost" : settings.host();
        return "http://" + host + ":" + port();
    }

    /** The page, signed in with {@code token} (the page takes it from the URL and then removes it from there). */
    public String pageLink(String token) {
        return url() + "/?token=" + token;
    }

    /** Ready while its feed reads the topic; for the ops endpoints of a process that runs it in-process. */
    public Health.Component health() {
        return health;
    }

    /** Streams open on this instance now. */
    public int openStreams() {
        return live.openStreams();
    }

    /** Events read from the topic since start. */
    public long eventsRead() {
        return feed.published();
    }

    @Override
    public void close() {
        String stopped = url();
        RuntimeException failure = new IllegalStateException("the gateway did not stop cleanly");
        heartbeats.shutdownNow();
        closeAll(List.of(database, feed, feedback, app::stop), failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
        LOG.info("Gateway on {} stopped", stopped);
    }

    /** Without its feed an instance serves backlogs but no live events: not ready, out of the load balancer. */
    private static Health.Component health(EventFeed feed, LiveEvents live) {
        return new Health.Component() {
            @Override
            public String name() {
                return "gateway";
            }

            @Override
            public Health check() {
                boolean running = feed.running();
                return new Health(true, running, Map.of("feed", running ? "RUNNING" : "STOPPED",
                        "open_streams", live.openStreams()));
            }
        };
    }

    /** For load balancers and operators: the instance's streams and its footprint. */
    private static Map<String, Object> health(LiveEvents live, EventFeed feed) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> health = new LinkedHashMap<>();
        // without its feed an instance serves backlogs but no live events: out of the load balancer
        health.put("status", feed.running() ? "ok" : "feed stopped");
        health.put("open_streams", live.openStreams());
        health.put("events_read", feed.published());
        health.put("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
        health.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        return health;
    }

    /** Request threads; streams do not hold them (see the class comment). */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("gateway-http");
        return pool;
    }

    private static void refuse(Context ctx, ApiError error) {
        error.headers().forEach(ctx::header);
        ctx.status(error.status()).json(error.body());
    }

    /** Javalin's own refusals (no such endpoint, wrong method, too large a body) in the same shape. */
    private static ApiError fromJavalin(HttpResponseException error) {
        return ApiError.of(error.getStatus(), error.getMessage());
    }

    /** Reverse start order; failures are attached to {@code primary}. */
    private static void closeAll(List<AutoCloseable> components, RuntimeException primary) {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                primary.addSuppressed(e);
            }
        }
    }
}
