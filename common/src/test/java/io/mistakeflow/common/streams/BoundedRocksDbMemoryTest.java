package io.mistakeflow.common.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.config.StreamsSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

    private static final long BYTES = 32L << 20;

    @Test
    void theSettingsGiveBothAppsTheConfigSetterAndItsBound() {
        Properties props = StreamsSettings.from(SettingsSource.of(Map.of("rocksdb.memory.bytes", "33554432")),
                "mistakeflow-analyzer").toProperties();

        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(props.get(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG)).isEqualTo(BYTES);
    }

    @Test
    void theBoundIs64MiBByDefault() {
        Properties props = StreamsSettings.from(SettingsSource.of(Map.of()), "mistakeflow-recommender").toProperties();

        assertThat(props.get(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG)).isEqualTo(67_108_864L);
    }

    @Test
    void aBoundBelowOneMebibyteIsRefused() {
        assertThatThrownBy(() -> StreamsSettings.from(SettingsSource.of(Map.of("rocksdb.memory.bytes", "1000")), "a"))
                .hasMessage("setting rocksdb.memory.bytes must be at least 1048576 (1 MiB)");
    }

    @Test
    void everyStoreGetsTheOneCacheAndWriteBufferManagerSizedByTheBound() {
        Options first = configured("analyzer-student-topic-state");
        Options second = configured("recommender-active-recommendations");

        BoundedRocksDbMemory.Shared shared = BoundedRocksDbMemory.shared(BYTES);
        for (Options options : new Options[] {first, second}) {
            var table = (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
            assertThat(table.blockCache()).isSameAs(shared.cache());
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            assertThat(table.blockSize()).isEqualTo(16 * 1024);
            assertThat(options.writeBufferManager()).isSameAs(shared.writeBuffers());
            // a quarter of the bound for all memtables, a quarter of that for one
            assertThat(options.writeBufferSize()).isEqualTo(2L << 20);
            assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
        }
    }

    @Test
    void closingAStoreLeavesTheSharedCacheOpen() {
        Options options = configured("analyzer-student-settings");

        new BoundedRocksDbMemory().close("analyzer-student-settings", options);

        assertThat(BoundedRocksDbMemory.shared(BYTES).cache().isOwningHandle()).isTrue();
        assertThat(BoundedRocksDbMemory.usage(BYTES)).isGreaterThanOrEqualTo(0);
    }

    /** Options as Kafka Streams hands them to the setter: its own table config in place. */
    private static Options configured(String store) {
        Options options = new Options();
        BlockBasedTableConfig table = new BlockBasedTableConfigWithAccessibleCache();
        options.setTableFormatConfig(table);
        Map<String, Object> configs = new HashMap<>();
        configs.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, BYTES);
        new BoundedRocksDbMemory().setConfig(store, options, configs);
        return options;
    }
}
