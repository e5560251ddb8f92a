package io.mistakeflow.platform.benchmark;

import io.mistakeflow.common.Topic;
import io.mistakeflow.common.streams.AppTopology;
import io.mistakeflow.common.streams.BoundedRocksDbMemory;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.metrics.Sensor;
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
 * Runs the processors and stores of an {@link AppTopology}, the very ones its factory declares, in
 * this thread without a broker: one task, records handed from node to node as Kafka Streams hands
 * them (forwards to a named child or to all children), every sink's output serialized with its
 * topic's serdes.
 *
 * <p>Why not TopologyTestDriver: it commits after every record, and a commit flushes every
 * RocksDB store (an fsync per store per record), which a running app does once per commit interval
 * for thousands of records. This driver measures the processing itself: rules, store reads and
 * writes, serdes. Stores run without the record cache (it needs a running task) and without a
 * changelog.
 */
final class LocalTopologyDriver implements AutoCloseable {

    /** One record a sink wrote. */
    record Output(String topic, byte[] key, byte[] value, long timestamp) {
    }

    private final AppTopology topology;
    private final Consumer<Output> outputs;
    private final Map<String, Processor<Object, Object, Object, Object>> processors = new HashMap<>();
    private final Map<String, MockProcessorContext<Object, Object>> contexts = new HashMap<>();
    private final Map<String, AppTopology.Sink> sinks = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, Processor<Object, Object, Void, Void>> loaders = new HashMap<>();
    private final List<StateStore> stores = new ArrayList<>();
    private long offset;
    private long written;

    /**
     * @param rocksdbMemoryBytes the apps' RocksDB bound ({@link BoundedRocksDbMemory}), or 0 for
     *     RocksDB's own defaults (a cache and memtables per store)
     * @param outputs receives every record a sink writes, in order
     */
    @SuppressWarnings("unchecked")
    LocalTopologyDriver(AppTopology topology, String applicationId, File stateDir, long rocksdbMemoryBytes,
                        Consumer<Output> outputs) {
        this.topology = topology;
        this.outputs = outputs;
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "local:9092");
        if (rocksdbMemoryBytes > 0) {
            // what StreamsSettings gives the apps
            config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            config.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, rocksdbMemoryBytes);
        }

        Map<String, StateStore> built = new HashMap<>();
        MockProcessorContext<Object, Object> storeContext = context(config, stateDir);
        for (AppTopology.Store store : topology.stores()) {
            built.put(store.name(), build(store.builder(), storeContext));
        }
        for (AppTopology.GlobalStore global : topology.globalStores()) {
            built.put(global.name(), build(global.builder(), storeContext));
        }
        for (AppTopology.Node node : topology.nodes()) {
            children.put(node.name(), topology.children(node.name()).stream().map(AppTopology.Node::name).toList());
            if (node instanceof AppTopology.Sink sink) {
                sinks.put(sink.name(), sink);
            } else if (node instanceof AppTopology.Processor processor) {
                MockProcessorContext<Object, Object> context = context(config, stateDir);
                for (AppTopology.Store store : topology.stores()) {
                    if (store.processors().contains(processor.name())) {
                        context.addStateStore(built.get(store.name()));
                    }
                }
                // global stores are readable by every processor
                topology.globalStores().forEach(global -> context.addStateStore(built.get(global.name())));
                var instance = (Processor<Object, Object, Object, Object>) processor.supplier().get();
                instance.init(context);
                processors.put(processor.name(), instance);
                contexts.put(processor.name(), context);
            }
        }
        for (AppTopology.GlobalStore global : topology.globalStores()) {
            MockProcessorContext<Object, Object> context = context(config, stateDir);
            context.addStateStore(built.get(global.name()));
            var loader = (Processor<Object, Object, Void, Void>) global.loader().get();
            loader.init((MockProcessorContext<Void, Void>) (MockProcessorContext<?, ?>) context);
            loaders.put(global.topic().name(), loader);
        }
    }

    /** A record on {@code topic}, read by every source of it, as the topic's serdes read it. */
    void pipe(String topic, byte[] key, byte[] value, long timestamp) {
        for (AppTopology.Node node : topology.nodes()) {
            if (node instanceof AppTopology.Source source && source.topic().name().equals(topic)) {
                Topic<String, ?> from = source.topic();
                Record<Object, Object> record = new Record<>(from.keySerde().deserializer().deserialize(topic, key),
                        from.valueSerde().deserializer().deserialize(topic, value), timestamp);
                long position = offset++;
                for (String child : children.get(source.name())) {
                    deliver(child, record, topic, position);
                }
            }
        }
    }

    /** A row of a global store's topic, through the store's loader. */
    void load(String topic, String key, byte[] value) {
        Processor<Object, Object, Void, Void> loader = loaders.get(topic);
        if (loader == null) {
            throw new IllegalArgumentException("no global store reads " + topic);
        }
        loader.process(new Record<>(key, value, 0L));
    }

    long outputs() {
        return written;
    }

    @SuppressWarnings("unchecked")
    private void deliver(String name, Record<Object, Object> record, String topic, long position) {
        AppTopology.Sink sink = sinks.get(name);
        if (sink != null) {
            var serde = (Topic<String, Object>) sink.topic();
            String to = serde.name();
            outputs.accept(new Output(to, serde.keySerde().serializer().serialize(to, (String) record.key()),
                    serde.valueSerde().serializer().serialize(to, record.value()), record.timestamp()));
            written++;
            return;
        }
        MockProcessorContext<Object, Object> context = contexts.get(name);
        context.setRecordMetadata(topic, 0, position);
        processors.get(name).process(record);
        List<CapturedForward<?, ?>> forwarded = List.copyOf(context.forwarded());
        context.resetForwards();
        for (CapturedForward<?, ?> forward : forwarded) {
            Record<Object, Object> next = (Record<Object, Object>) forward.record();
            if (forward.childName().isPresent()) {
                deliver(forward.childName().get(), next, topic, position);
            } else {
                for (String child : children.get(name)) {
                    deliver(child, next, topic, position);
                }
            }
        }
    }

    private StateStore build(StoreBuilder<?> builder, MockProcessorContext<Object, Object> context) {
        StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        stores.add(store);
        return store;
    }

    private static MockProcessorContext<Object, Object> context(Properties config, File stateDir) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir);
        // the mock records DEBUG metrics (a latency measurement on every store call); a running app
        // records INFO only, the default. The mock offers no public way to say so.
        ((StreamsMetricsImpl) context.metrics()).metricsRegistry().config().recordLevel(Sensor.RecordingLevel.INFO);
        return context;
    }

    @Override
    public void close() {
        processors.values().forEach(Processor::close);
        for (StateStore store : stores) {
            store.flush();
            store.close();
        }
    }
}
