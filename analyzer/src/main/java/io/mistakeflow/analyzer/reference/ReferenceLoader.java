package io.mistakeflow.analyzer.reference;

import io.mistakeflow.common.BadRecordException;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store of a small reference table (mistake types, presets) as the raw rows,
 * keyed by the table's key; a tombstone deletes. Raw rows, because Kafka Streams restores a global
 * store by copying its topic as it is: parsing happens when a row is read ({@link ReferenceStores}).
 * A global processor cannot forward, so a row that does not parse is logged and left out rather
 * than dead-lettered.
 */
public final class ReferenceLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceLoader.class);

    private final String storeName;
    private final Consumer<byte[]> validator;
    private KeyValueStore<String, byte[]> store;

    public ReferenceLoader(String storeName, Consumer<byte[]> validator) {
        this.storeName = storeName;
        this.validator = validator;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Ignored a {} row without a key", storeName);
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            LOG.info("Reference row {} deleted from {}", record.key(), storeName);
            return;
        }
        try {
            validator.accept(record.value());
        } catch (BadRecordException e) {
            LOG.warn("Ignored {} row {}: {}", storeName, record.key(), e.getMessage());
            return;
        }
        store.put(record.key(), record.value());
        LOG.info("Reference row {} updated in {}", record.key(), storeName);
    }
}
