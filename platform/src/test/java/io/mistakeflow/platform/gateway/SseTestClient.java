package io.mistakeflow.platform.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An SSE client on {@code java.net.http}, parsing the stream as the WHATWG rules say: fields until a
 * blank line, then one message; comments apart. A reader thread fills the queues.
 */
final class SseTestClient implements AutoCloseable {

    /** One message: its id, event type and data (data lines joined with \n). */
    record Message(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "sse-test-client");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens {@code uri} with {@code Accept: text/event-stream} and the given headers; returns once the headers are in. */
    static SseTestClient open(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        return new SseTestClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The body of a refused request. */
    String body() throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The next message, or null after {@code timeout}. */
    Message next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Exactly {@code count} messages, each within {@code timeout}; fails with what came so far. */
    List<Message> next(int count, Duration timeout) throws InterruptedException {
        List<Message> received = new ArrayList<>();
        while (received.size() < count) {
            Message message = next(timeout);
            if (message == null) {
                throw new AssertionError("expected " + count + " messages within " + timeout + " each, got " + received);
            }
            received.add(message);
        }
        return received;
    }

    /** Messages already received and not taken. */
    List<Message> pending() {
        List<Message> rest = new ArrayList<>();
        messages.drainTo(rest);
        return rest;
    }

    String nextComment(Duration timeout) throws InterruptedException {
        return comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the server ended the stream. */
    boolean ended() {
        return ended.get();
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        messages.add(new Message(id, event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry: the client here does not reconnect
                        }
                    }
                }
            }
        } catch (IOException closed) {
            // closed by close() or by the server
        } finally {
            ended.set(true);
        }
    }
}
