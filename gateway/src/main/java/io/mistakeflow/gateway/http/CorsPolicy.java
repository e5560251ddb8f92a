package io.mistakeflow.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;

/**
 * Which other pages' scripts may call the gateway ({@code gateway.cors.origins}). The gateway's
 * own page is same-origin and needs nothing. An origin not on the list gets no CORS headers, so
 * the browser keeps the response from the calling script; nothing else changes (CORS protects
 * the reader, the token protects the data). Credentials (cookies) are never used: tokens travel
 * in a header or the query.
 */
public record CorsPolicy(List<String> origins) {

    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Last-Event-ID, Content-Type";
    static final String MAX_AGE_SECONDS = "600";

    public CorsPolicy {
        origins = List.copyOf(origins);
    }

    /** Before every request: CORS headers for an allowed origin, and the whole answer to its preflight. */
    public void apply(Context ctx) {
        allowOrigin(ctx.header("Origin")).ifPresent(origin -> {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
            if (ctx.method() == HandlerType.OPTIONS) {
                ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
                ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
                ctx.status(204);
                ctx.skipRemainingHandlers();
            }
        });
    }

    /** The {@code Access-Control-Allow-Origin} value for a request from {@code origin}, if it is allowed. */
    public Optional<String> allowOrigin(String origin) {
        if (origin == null || origins.isEmpty()) {
            return Optional.empty();
        }
        if (origins.contains("*")) {
            return Optional.of("*");
        }
        return origins.stream().filter(allowed -> allowed.equalsIgnoreCase(origin)).findFirst().map(allowed -> origin);
    }
}
