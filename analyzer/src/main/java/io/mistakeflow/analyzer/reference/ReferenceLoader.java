package io.mistakeflow.analyzer.reference;

import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.deadletter.DeadLetterSender;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.DeadLetters;
import io.mistakeflow.common.streams.RestoringStores;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store of a small reference table (mistake types, presets) as the raw rows,
 * keyed by the table's key; a tombstone deletes. Raw rows, because parsing happens when a row is
 * read ({@link ReferenceStores}); here a row is only checked. A row that does not parse, or has
 * no key, stays out of the store (the key's previous row stays in effect) and goes to the
 * dead-letter topic through {@code deadLetters}: a global processor cannot forward.
 *
 * <p>Kafka Streams passes the whole topic through this loader again at every start (its restore
 * of a global store): a bad row still in the topic is then reported again, once per instance
 * start, with the same {@code dlq.source.*} headers. While restoring, rows are logged at DEBUG
 * (the runner logs one line per restore); afterwards each change is one INFO line.
 */
public final class ReferenceLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceLoader.class);

    private final String storeName;
    private final Function<byte[], ?> parser;
    private final DeadLetterSender deadLetterSender;
    private final PipelineMetrics metrics;
    private final RestoringStores restoring;
    private final ReferenceChanges changes;
    private KeyValueStore<String, byte[]> store;
    private DeadLetters deadLetters;

    public ReferenceLoader(String storeName, Function<byte[], ?> parser, DeadLetterSender deadLetterSender,
                           PipelineMetrics metrics, RestoringStores restoring, ReferenceChanges changes) {
        this.storeName = storeName;
        this.parser = parser;
        this.deadLetterSender = deadLetterSender;
        this.metrics = metrics;
        this.restoring = restoring;
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        deadLetters = DeadLetters.sentBy(context, deadLetterSender, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() == null) {
                LOG.debug("Ignored a tombstone without a key for {}", storeName);
                return;
            }
            store.delete(record.key());
            changes.changed();
            log("Reference row {} deleted from {}", record.key());
            return;
        }
        if (record.key() == null) {
            deadLetters.send(record, BadRecordException.Kind.MISSING_FIELD, "the record has no key");
            return;
        }
        if (deadLetters.readOrReject(record, parser) == null) {
            return;
        }
        store.put(record.key(), record.value());
        changes.changed();
        log("Reference row {} updated in {}", record.key());
    }

    @Override
    public void close() {
        deadLetterSender.close();
    }

    private void log(String message, String key) {
        if (restoring.isRestoring(storeName)) {
            LOG.debug(message, key, storeName);
        } else {
            LOG.info(message, key, storeName);
        }
    }
}
