package io.mistakeflow.common.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.mistakeflow.common.config.StreamsSettings;
import io.mistakeflow.common.metrics.Health;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Streams app: logs its state changes on one line each, on an unexpected error shuts the
 * client down (rather than replacing the thread, which would retry the same poison record for
 * ever; bad input never gets here, it is dead-lettered), exports its metrics and reports its
 * health.
 */
public final class StreamsRunner implements AutoCloseable {

    /** Records behind the end of each input topic, summed over the app's partitions. */
    public static final String INPUT_LAG = "mistakeflow.input.lag.records";

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final String name;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger restoring = new AtomicInteger();
    private volatile boolean closing;

    private StreamsRunner(String name, KafkaStreams streams) {
        this.name = name;
        this.streams = streams;
    }

    /** @param registry where the client's metrics and the input lag go */
    public static StreamsRunner start(String name, AppTopology topology, StreamsSettings settings,
                                      MeterRegistry registry) {
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
        streams.setGlobalStateRestoreListener(runner.restoreListener(topology.restoringStores()));
        new KafkaStreamsMetrics(streams, Tags.of("application", settings.applicationId())).bindTo(registry);
        for (String topic : topology.sourceTopics()) {
            Gauge.builder(INPUT_LAG, runner, r -> r.lag(topic))
                    .description("Records of the input topic not yet processed (consumer lag)")
                    .tags("application", settings.applicationId(), "topic", topic)
                    .register(registry);
        }
        LOG.info("{} starting: application.id={} bootstrap.servers={} processing.guarantee={}", name,
                settings.applicationId(), settings.bootstrapServers(), settings.processingGuarantee());
        streams.start();
        return runner;
    }

    public String name() {
        return name;
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

    /**
     * Live unless the client failed or stopped without being asked to; ready when RUNNING with no
     * store being restored.
     */
    public Health.Component health() {
        return new Health.Component() {
            @Override
            public String name() {
                return StreamsRunner.this.name;
            }

            @Override
            public Health check() {
                KafkaStreams.State state = streams.state();
                boolean live = switch (state) {
                    case ERROR, PENDING_ERROR -> false;
                    case NOT_RUNNING, PENDING_SHUTDOWN -> closing;
                    default -> true;
                };
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("state", state.name());
                details.put("restoring_stores", restoring.get());
                return new Health(live, state == KafkaStreams.State.RUNNING && restoring.get() == 0, details);
            }
        };
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
        closing = true;
        streams.close(Duration.ofSeconds(30));
        LOG.info("{} stopped", name);
    }

    /** Sum of the main consumer's records-lag over the topic's partitions (restore consumers left out). */
    private double lag(String topic) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName id = metric.getKey();
            if (id.name().equals("records-lag") && id.group().equals("consumer-fetch-manager-metrics")
                    && topic.equals(id.tags().get("topic")) && id.tags().containsKey("partition")
                    && !id.tags().getOrDefault("client-id", "").contains("restore")) {
                Object value = metric.getValue().metricValue();
                if (value instanceof Double lag && !lag.isNaN()) {
                    total += lag;
                }
            }
        }
        return total;
    }

    /** Counts and logs each restore (one line at its start, one at its end) and tells the topology's processors. */
    private StateRestoreListener restoreListener(RestoringStores topologyStores) {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoring.incrementAndGet();
                topologyStores.onRestoreStart(partition, store, start, end);
                LOG.info("{} restoring {} from {} ({} records)", name, store, partition, end - start);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
                topologyStores.onRestoreEnd(partition, store, restored);
                LOG.info("{} restored {} from {} ({} records)", name, store, partition, restored);
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
                topologyStores.onRestoreSuspended(partition, store, restored);
            }
        };
    }
}
