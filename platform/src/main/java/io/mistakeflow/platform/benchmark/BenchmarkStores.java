package io.mistakeflow.platform.benchmark;

import io.mistakeflow.common.streams.StoreSuppliers;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * RocksDB stores for the benchmark. TopologyTestDriver commits and checkpoints after every record,
 * and a checkpoint flushes RocksDB's memtable to a new file; a running app does that only every
 * few thousand records (never while processing under exactly-once). Leaving the per-record flush
 * out measures what production does: every read and write still goes through RocksDB.
 */
final class BenchmarkStores {

    static final StoreSuppliers ROCKSDB_FLUSHED_ON_CLOSE = name -> {
        KeyValueBytesStoreSupplier rocks = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return rocks.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new FlushOnClose(rocks.get());
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }
        };
    };

    private BenchmarkStores() {
    }

    private record FlushOnClose(KeyValueStore<Bytes, byte[]> rocks) implements KeyValueStore<Bytes, byte[]> {

        @Override
        public void flush() {
            // see the class comment: RocksDB flushes when its memtable fills and on close
        }

        @Override
        public void close() {
            rocks.flush();
            rocks.close();
        }

        @Override
        public void put(Bytes key, byte[] value) {
            rocks.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return rocks.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            rocks.putAll(entries);
        }

        @Override
        public byte[] delete(Bytes key) {
            return rocks.delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return rocks.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return rocks.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
            return rocks.reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return rocks.all();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseAll() {
            return rocks.reverseAll();
        }

        @Override
        public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
                P prefix, PS prefixKeySerializer) {
            return rocks.prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return rocks.approximateNumEntries();
        }

        @Override
        public String name() {
            return rocks.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            rocks.init(context, root);
        }

        @Override
        public boolean persistent() {
            return true;
        }

        @Override
        public boolean isOpen() {
            return rocks.isOpen();
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
            return rocks.query(query, positionBound, config);
        }

        @Override
        public Position getPosition() {
            return rocks.getPosition();
        }
    }
}
