package io.mistakeflow.common.streams;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The kind of key-value store a topology's state lives in: RocksDB in production, memory for
 * simulations and tests, something else for a benchmark.
 */
@FunctionalInterface
public interface StoreSuppliers {

    StoreSuppliers PERSISTENT = Stores::persistentKeyValueStore;
    StoreSuppliers IN_MEMORY = Stores::inMemoryKeyValueStore;

    KeyValueBytesStoreSupplier keyValue(String name);
}
