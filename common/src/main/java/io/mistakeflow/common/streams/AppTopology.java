package io.mistakeflow.common.streams;

import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * One app's topology, declared once: every source, processor, store and sink, each with its name.
 * It builds the Kafka Streams {@link Topology} the app runs ({@link #topology()}), and it lists its
 * nodes so that a driver can run the very same processors without a broker (the benchmark).
 * Both apps' topology factories return one.
 */
public final class AppTopology {

    /** A node of the processing graph, in the order it was added (parents come first). */
    public sealed interface Node permits Source, Processor, Sink {
        String name();
    }

    /** Reads {@code topic} with its serdes. */
    public record Source(String name, Topic<String, ?> topic) implements Node {
    }

    public record Processor(String name, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> parents) implements Node {
    }

    /** Writes to {@code topic} with its serdes; {@code partitioner} null: Kafka's default, by key. */
    public record Sink(String name, Topic<String, ?> topic, StreamPartitioner<String, ?> partitioner,
                       List<String> parents) implements Node {
    }

    /** A store and the processors connected to it. */
    public record Store(StoreBuilder<?> builder, List<String> processors) {
        public String name() {
            return builder.name();
        }
    }

    /**
     * A store every instance holds whole, loaded from {@code topic} by {@code loader} (which
     * cannot forward), readable by every processor.
     */
    public record GlobalStore(StoreBuilder<?> builder, String sourceName, Topic<String, ?> topic, String loaderName,
                              ProcessorSupplier<?, ?, Void, Void> loader) {
        public String name() {
            return builder.name();
        }
    }

    private final List<Node> nodes;
    private final List<Store> stores;
    private final List<GlobalStore> globalStores;
    private final RestoringStores restoringStores;

    private AppTopology(Builder builder) {
        this.nodes = List.copyOf(builder.nodes);
        this.stores = List.copyOf(builder.stores);
        this.globalStores = List.copyOf(builder.globalStores);
        this.restoringStores = builder.restoringStores;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Store> stores() {
        return stores;
    }

    public List<GlobalStore> globalStores() {
        return globalStores;
    }

    /** What the processors of this topology are told about restores; whoever runs it reports them here. */
    public RestoringStores restoringStores() {
        return restoringStores;
    }

    /** Every store name, global ones included. */
    public List<String> storeNames() {
        List<String> names = new ArrayList<>();
        stores.forEach(store -> names.add(store.name()));
        globalStores.forEach(store -> names.add(store.name()));
        return names;
    }

    /** Sink name to the topic it writes. */
    public Map<String, Topic<String, ?>> sinks() {
        Map<String, Topic<String, ?>> sinks = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (node instanceof Sink sink) {
                sinks.put(sink.name(), sink.topic());
            }
        }
        return sinks;
    }

    /** The topics its sources read (global stores' topics not included). */
    public List<String> sourceTopics() {
        return nodes.stream().filter(node -> node instanceof Source).map(node -> ((Source) node).topic().name())
                .toList();
    }

    /** The nodes whose parents include {@code parent}, in the order they were added. */
    public List<Node> children(String parent) {
        return nodes.stream().filter(node -> parents(node).contains(parent)).toList();
    }

    /** A new Kafka Streams topology with every node and store of this one. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Topology topology() {
        Topology topology = new Topology();
        Set<String> added = new HashSet<>();
        Set<Store> connected = new HashSet<>();
        for (GlobalStore global : globalStores) {
            Topic<String, ?> topic = global.topic();
            topology.addGlobalStore((StoreBuilder) global.builder(), global.sourceName(),
                    topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name(), global.loaderName(),
                    (ProcessorSupplier) global.loader());
        }
        for (Node node : nodes) {
            if (node instanceof Source source) {
                topology.addSource(source.name(), source.topic().keySerde().deserializer(),
                        source.topic().valueSerde().deserializer(), source.topic().name());
            } else if (node instanceof Processor processor) {
                topology.addProcessor(processor.name(), (ProcessorSupplier) processor.supplier(),
                        processor.parents().toArray(String[]::new));
            } else if (node instanceof Sink sink) {
                Topic<String, ?> topic = sink.topic();
                String[] parents = sink.parents().toArray(String[]::new);
                Serializer values = topic.valueSerde().serializer();
                if (sink.partitioner() == null) {
                    topology.addSink(sink.name(), topic.name(), topic.keySerde().serializer(), values, parents);
                } else {
                    topology.addSink(sink.name(), topic.name(), topic.keySerde().serializer(), values,
                            (StreamPartitioner) sink.partitioner(), parents);
                }
            }
            added.add(node.name());
            for (Store store : stores) {
                // a store is added as soon as every processor it is connected to exists
                if (!connected.contains(store) && added.containsAll(store.processors())) {
                    topology.addStateStore(store.builder(), store.processors().toArray(String[]::new));
                    connected.add(store);
                }
            }
        }
        return topology;
    }

    private static List<String> parents(Node node) {
        if (node instanceof Processor processor) {
            return processor.parents();
        }
        return node instanceof Sink sink ? sink.parents() : List.of();
    }

    /** Adds nodes in order: a node's parents, and a store's processors, must be added before it. */
    public static final class Builder {

        private final List<Node> nodes = new ArrayList<>();
        private final List<Store> stores = new ArrayList<>();
        private final List<GlobalStore> globalStores = new ArrayList<>();
        private final RestoringStores restoringStores = new RestoringStores();

        private Builder() {
        }

        /** For processors that behave differently while their store is restored (a global store's loader). */
        public RestoringStores restoringStores() {
            return restoringStores;
        }

        public Builder source(String name, Topic<String, ?> topic) {
            return add(new Source(name, topic));
        }

        public <KIn, VIn, KOut, VOut> Builder processor(String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier,
                                                        String... parents) {
            return add(new Processor(name, supplier, List.of(parents)));
        }

        /** Connects {@code store} to {@code processors}, which must be added before it. */
        public Builder store(StoreBuilder<?> store, String... processors) {
            if (processors.length == 0) {
                throw new IllegalArgumentException("store " + store.name() + " is connected to no processor");
            }
            for (String processor : processors) {
                requireNode(processor);
            }
            stores.add(new Store(store, List.of(processors)));
            return this;
        }

        public <V> Builder globalStore(StoreBuilder<?> store, String sourceName, Topic<String, V> topic, String loaderName,
                                       ProcessorSupplier<String, V, Void, Void> loader) {
            globalStores.add(new GlobalStore(store, sourceName, topic, loaderName, loader));
            return this;
        }

        /** A sink partitioned by key (records keyed by student_id). */
        public Builder sink(String name, Topic<String, ?> topic, String... parents) {
            return add(new Sink(name, topic, null, List.of(parents)));
        }

        /** A sink whose records are keyed otherwise but go to their student's partition. */
        public <V> Builder studentSink(String name, Topic<String, V> topic, Function<V, String> studentId,
                                       String... parents) {
            return add(new Sink(name, topic, new StudentPartitioner<>(studentId), List.of(parents)));
        }

        /** The dead-letter topic, for {@link DeadLetters}. */
        public Builder deadLetterSink(String name, String... parents) {
            return sink(name, Topics.DEAD_LETTER, parents);
        }

        public AppTopology build() {
            return new AppTopology(this);
        }

        private Builder add(Node node) {
            if (nodes.stream().anyMatch(existing -> existing.name().equals(node.name()))) {
                throw new IllegalArgumentException("two nodes are named " + node.name());
            }
            parents(node).forEach(this::requireNode);
            nodes.add(node);
            return this;
        }

        private void requireNode(String name) {
            if (nodes.stream().noneMatch(node -> node.name().equals(name))) {
                throw new IllegalArgumentException("no node named " + name + " (add it first)");
            }
        }
    }
}
