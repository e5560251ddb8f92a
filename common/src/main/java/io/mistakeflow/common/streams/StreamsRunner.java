package io.mistakeflow.common.streams;

import io.mistakeflow.common.config.StreamsSettings;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Streams app: logs its state changes on one line each, and on an unexpected error
 * shuts the client down (rather than replacing the thread, which would retry the same poison
 * record for ever; bad input never gets here, it is dead-lettered).
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final String name;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StreamsRunner(String name, KafkaStreams streams) {
        this.name = name;
        this.streams = streams;
    }

    public static StreamsRunner start(String name, AppTopology topology, StreamsSettings settings) {
        KafkaStreams streams = new KafkaStreams(topology.topology(), settings.toProperties());
        StreamsRunner runner = new StreamsRunner(name, streams);
        streams.setStateListener((now, before) -> {
            LOG.info("{} {} -> {}", name, before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                runner.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{} stops after an unexpected error", name, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        LOG.info("{} starting: application.id={} bootstrap.servers={} processing.guarantee={}", name,
                settings.applicationId(), settings.bootstrapServers(), settings.processingGuarantee());
        streams.start();
        return runner;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Whether the client stopped on an error rather than being closed. */
    public boolean failed() {
        return streams.state() == KafkaStreams.State.ERROR;
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public void awaitTermination() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clean shutdown: commits and closes the stores. */
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        LOG.info("{} stopped", name);
    }
}
