package io.mistakeflow.gateway.events;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * One open SSE response, written without blocking: frames go out while the servlet output says
 * it is ready, and the container calls back when it is ready again. No thread waits for a client,
 * so connections cost memory, not threads; a client that stops reading fills its
 * {@link StudentStream}'s buffer and is dropped (the TCP connection is aborted at once, whatever
 * is still unsent).
 *
 * <p>Threads: the feed's thread offers events, the heartbeat thread offers heartbeats, the
 * container's threads report readiness and errors; writing happens under this object's lock,
 * from whichever thread found the output ready.
 */
final class SseConnection implements LiveEvents.Subscriber {

    private final String studentId;
    private final StudentStream stream;
    private final int bufferEvents;
    private final BiConsumer<SseConnection, String> onClosed;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private EndPoint endPoint;
    private ServletOutputStream out;
    private byte[] preamble;
    private boolean unflushed;
    private boolean closed;

    /** @param onClosed called once, with the reason, when the connection ends for whatever cause */
    SseConnection(String studentId, StudentStream stream, int bufferEvents, BiConsumer<SseConnection, String> onClosed) {
        this.studentId = studentId;
        this.stream = stream;
        this.bufferEvents = bufferEvents;
        this.onClosed = onClosed;
    }

    String studentId() {
        return studentId;
    }

    /** Completes when the connection has ended; the request completes with it. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** Takes over the (asynchronous) response; {@code preamble} is written before the stream's frames. */
    void start(HttpServletRequest asyncRequest, ServletOutputStream output, byte[] preamble) {
        asyncRequest.getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                close("completed");
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                close("timed out");
            }

            @Override
            public void onError(AsyncEvent event) {
                close("connection error");
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        synchronized (this) {
            this.endPoint = ServletContextRequest.getServletContextRequest(asyncRequest).getServletChannel().getEndPoint();
            this.out = output;
            this.preamble = preamble;
        }
        // the container calls onWritePossible as soon as the output is ready: the first drain
        output.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                drain();
            }

            @Override
            public void onError(Throwable failure) {
                close("client gone");
            }
        });
    }

    @Override
    public void deliver(EventFrame event) {
        if (stream.offerLive(event)) {
            drain();
        } else {
            drop("slow client: " + bufferEvents + " events waiting");
        }
    }

    @Override
    public void heartbeat() {
        stream.offerHeartbeat();
        drain();
    }

    /** Ends the stream normally (the client may reconnect); used on shutdown. */
    void close(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClosed.accept(this, reason);
        finished.complete(null);
    }

    /**
     * Ends the stream and closes the TCP connection at once, whatever is still unsent (waiting for
     * a client that does not read would hold the connection until the idle timeout). The request
     * completes first, so nothing touches it after the connection is gone.
     */
    private void drop(String reason) {
        EndPoint connection;
        synchronized (this) {
            connection = endPoint;
        }
        close(reason);
        if (connection != null) {
            connection.close();
        }
    }

    private synchronized void drain() {
        if (out == null || closed) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] frame = preamble != null ? preamble : stream.poll();
                preamble = null;
                if (frame != null) {
                    out.write(frame);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away between isReady and write (or the container refused the write):
            // this stream ends, the feed and the heartbeats go on with the others
            close("client gone");
        }
    }
}
