package io.mistakeflow.common.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory every RocksDB store of this process uses, together, to one figure
 * ({@value #MEMORY_BYTES_CONFIG}), as the Kafka Streams memory-management guide does: one LRU
 * block cache, the memtables charged to it through one {@link WriteBufferManager}, and index and
 * filter blocks kept in the cache instead of beside it.
 * Without this each store (one per partition and store name) takes its own 50 MB cache and
 * memtables, so memory grows with the partitions an instance is given, not with a setting.
 *
 * <p>The cache's capacity limit is not strict, as in the guide's own example: with a strict limit
 * a read that needs a block while the cache is full of pinned entries (memtables, blocks in use)
 * fails ("Insert failed due to LRU cache being full"), which stops the app; measured with
 * 1,000,000 keys under a 64 MiB bound. Not strict, the cache may overshoot by what is pinned
 * for a moment, and evicts back under the bound.
 *
 * <p>The cache and the manager are per process and shared by every store and app in it; they
 * live as long as the process, so {@link #close} leaves them open.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** The Streams property carrying the bound (from {@code rocksdb.memory.bytes}). */
    public static final String MEMORY_BYTES_CONFIG = "mistakeflow.rocksdb.memory.bytes";
    /** Share of the cache kept for index and filter blocks (high priority: evicted last). */
    static final double INDEX_FILTER_RATIO = 0.1;
    /** Share of the bound the memtables may take before the manager makes them flush. */
    static final double WRITE_BUFFER_RATIO = 0.25;
    /** RocksDB's default block size is 4 KiB; larger blocks mean fewer index entries to cache. */
    static final long BLOCK_SIZE = 16 * 1024;
    static final int MEMTABLES_PER_STORE = 2;

    /** One cache and manager per bound; a process normally has one bound. */
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and the write buffer manager charged to it. */
    record Shared(Cache cache, WriteBufferManager writeBuffers, long bytes) {

        static Shared of(long bytes) {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_RATIO);
            return new Shared(cache, new WriteBufferManager((long) (bytes * WRITE_BUFFER_RATIO), cache), bytes);
        }

        /** A single memtable never exceeds the manager's budget split over a few stores. */
        long memtableBytes() {
            return Math.max(1L << 20, (long) (bytes * WRITE_BUFFER_RATIO) / 4);
        }
    }

    static Shared shared(long bytes) {
        return SHARED.computeIfAbsent(bytes, Shared::of);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(memoryBytes(configs));
        // Kafka Streams' own table config (a subclass of RocksDB's), with its defaults
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(shared.memtableBytes());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the manager are shared by every store of the process: not closed here
    }

    static long memoryBytes(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_BYTES_CONFIG);
        if (value == null) {
            throw new IllegalStateException(MEMORY_BYTES_CONFIG + " is not set: the settings always set it");
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }

    /** Bytes the shared cache holds now (blocks, index and filters, memtables), for a process bound to {@code bytes}. */
    public static long usage(long bytes) {
        return shared(bytes).cache().getUsage();
    }
}
