package io.mistakeflow.platform.benchmark;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * One production processor with its real stores, driven directly. TopologyTestDriver commits and
 * checkpoints every store after every record (an fsync per store per record), which a running app
 * does only every few thousand records; driving the processor measures the processing itself:
 * rules, RocksDB reads and writes, and the serialization of every output with its topic's serde.
 */
final class ProcessorHarness<V> implements AutoCloseable {

    private final MockProcessorContext<String, Object> context;
    private final Processor<String, V, String, Object> processor;
    private final Map<String, Serializer<Object>> sinks;
    private final List<StateStore> stores = new ArrayList<>();
    private long offset;
    private long outputs;

    ProcessorHarness(String applicationId, File stateDir, Processor<String, V, String, Object> processor,
                     Map<String, Serializer<Object>> sinks, List<StoreBuilder<?>> storeBuilders) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "benchmark:9092");
        this.context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir);
        // the mock records DEBUG metrics (a latency measurement on every store call); a running app
        // records INFO only, the default
        ((StreamsMetricsImpl) context.metrics()).metricsRegistry().config().recordLevel(Sensor.RecordingLevel.INFO);
        for (StoreBuilder<?> builder : storeBuilders) {
            // no record cache here (it needs a running task): every read and write reaches the store
            StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        this.processor = processor;
        this.sinks = sinks;
        processor.init(context);
    }

    <S extends StateStore> S store(String name) {
        return context.getStateStore(name);
    }

    /** Processes one record, serializes what it forwarded, and returns it. */
    List<CapturedForward<?, ?>> process(String topic, Record<String, V> record) {
        context.setRecordMetadata(topic, 0, offset++);
        processor.process(record);
        List<CapturedForward<?, ?>> forwarded = List.copyOf(context.forwarded());
        for (CapturedForward<?, ?> out : forwarded) {
            String child = out.childName().orElseThrow();
            sinks.get(child).serialize(child, out.record().value());
            outputs++;
        }
        context.resetForwards();
        return forwarded;
    }

    long outputs() {
        return outputs;
    }

    @Override
    public void close() {
        processor.close();
        for (StateStore store : stores) {
            store.flush();
            store.close();
        }
    }
}
