package io.mistakeflow.analyzer.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.deadletter.CollectedDeadLetters;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.RestoringStores;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loader as Kafka Streams drives it at start-up: the whole topic passes through it while the
 * store is restored. A bad row is dead-lettered then too (once per start), good rows are loaded.
 */
class ReferenceLoaderTest {

    private static final String STORE = "analyzer-presets";

    private final CollectedDeadLetters deadLetters = new CollectedDeadLetters();
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();
    private final RestoringStores restoring = new RestoringStores();
    private final ReferenceChanges changes = new ReferenceChanges();
    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;
    private ReferenceLoader loader;

    @BeforeEach
    void start() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "mistakeflow-analyzer");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        context = new MockProcessorContext<>(config);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        loader = new ReferenceLoader(STORE, Rows::preset, deadLetters, metrics, restoring, changes);
        loader.init(context);
    }

    @Test
    void whileRestoringGoodRowsAreLoadedAndABadOneIsStillDeadLettered() {
        // given: the start of a restore
        restoring.onRestoreStart(new TopicPartition(Topics.PRESETS.name(), 0), STORE, 0, 2);

        // when
        load(0, "normal", "{\"preset_name\":\"normal\",\"is_default\":true,\"settings\":{}}");
        load(1, "odd", "{\"preset_name\":\"odd\",\"settings\":\"not an object\"}");

        // then
        assertThat(store.get("normal")).isNotNull();
        assertThat(store.get("odd")).isNull();
        ProducerRecord<String, byte[]> dead = deadLetters.sent().get(0);
        assertThat(deadLetters.sent()).hasSize(1);
        assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(new String(dead.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"preset_name\":\"odd\",\"settings\":\"not an object\"}");
        assertThat(dead.timestamp()).isEqualTo(1_000L);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON))
                .startsWith("malformed JSON: Unrecognized token 'not'");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(metrics.registry().find(PipelineMetrics.DEAD_LETTERS)
                .tags("application", "mistakeflow-analyzer", "reason", "malformed_json",
                        "source_topic", Topics.PRESETS.name()).counter().count()).isEqualTo(1.0);
    }

    @Test
    void aTombstoneDeletesTheRow() {
        // given
        load(0, "soft", "{\"preset_name\":\"soft\",\"settings\":{}}");

        // when
        context.setRecordMetadata(Topics.PRESETS.name(), 0, 1);
        loader.process(new Record<>("soft", null, 2_000L));

        // then
        assertThat(store.get("soft")).isNull();
        assertThat(deadLetters.sent()).isEmpty();
    }

    @Test
    void everyChangeToTheStoreIsCountedAndARejectedRowIsNot() {
        // given
        long before = changes.version();

        // when: a row, a rejected row, a deletion
        load(0, "soft", "{\"preset_name\":\"soft\",\"settings\":{}}");
        long afterPut = changes.version();
        load(1, "odd", "{\"preset_name\":\"odd\",\"settings\":\"not an object\"}");
        long afterRejected = changes.version();
        context.setRecordMetadata(Topics.PRESETS.name(), 0, 2);
        loader.process(new Record<>("soft", null, 2_000L));

        // then
        assertThat(afterPut).isEqualTo(before + 1);
        assertThat(afterRejected).isEqualTo(afterPut);
        assertThat(changes.version()).isEqualTo(afterPut + 1);
    }

    private void load(long offset, String key, String row) {
        context.setRecordMetadata(Topics.PRESETS.name(), 0, offset);
        loader.process(new Record<>(key, row.getBytes(StandardCharsets.UTF_8), 1_000L));
    }
}
