package io.mistakeflow.gateway.events;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of Server-Sent Events messages (WHATWG HTML, "Server-sent events"): fields are
 * {@code name: value} lines, a blank line ends a message, a line starting with a colon is a
 * comment (ignored by clients, which is what makes it a heartbeat).
 */
public final class SseFrame {

    /** A comment that keeps an idle connection from being closed by proxies and load balancers. */
    static final byte[] HEARTBEAT = comment("heartbeat");

    private SseFrame() {
    }

    /**
     * One message. {@code id} and {@code event} are single lines (a line break would end the field
     * and let the value forge other fields); {@code data} may have line breaks, each line becomes a
     * {@code data:} field and the client joins them again with {@code \n}.
     */
    public static byte[] event(String id, String event, String data) {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        frame.append("id: ").append(singleLine("id", id)).append('\n');
        frame.append("event: ").append(singleLine("event", event)).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] comment(String text) {
        return (": " + singleLine("comment", text) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** How long a client waits before it reconnects after the connection drops. */
    static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String singleLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE " + field + " cannot contain a line break: " + value);
        }
        return value;
    }
}
