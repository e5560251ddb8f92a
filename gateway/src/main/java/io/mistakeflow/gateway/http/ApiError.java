package io.mistakeflow.gateway.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway refuses, with its status and a JSON body {@code {"error": code,
 * "message": text}}: the code for programs, the text for people. Never a stack trace.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    private ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    /** Any other status, with a code named after it. */
    public static ApiError of(int status, String message) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 500 -> "internal";
            default -> "http_" + status;
        };
        return new ApiError(status, code, message, Map.of());
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message, Map.of());
    }

    /** RFC 6750: a bearer-token challenge tells the client what to fix. */
    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message,
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + message.replace('"', '\'') + "\""));
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message, Map.of());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, Map.of());
    }

    public static ApiError tooManyStreams(String message) {
        return new ApiError(429, "too_many_streams", message, Map.of("Retry-After", "10"));
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", message, Map.of("Retry-After", "5"));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body. */
    public Map<String, String> body() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", getMessage());
        return body;
    }
}
