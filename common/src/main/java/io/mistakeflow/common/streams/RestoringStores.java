package io.mistakeflow.common.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which stores Kafka Streams is restoring right now, as its restore listener reports them. A global
 * store's loader needs to know: Kafka Streams (3.8 and later) restores a global store by passing
 * every record of its topic through the loader again at each start, so the loader sees the whole
 * table once per start before it sees the changes. The runner installs it ({@link StreamsRunner});
 * a topology test driver restores nothing, so there every record is a change.
 */
public final class RestoringStores implements StateRestoreListener {

    /** Store name to the number of its partitions being restored. */
    private final Map<String, Integer> restoring = new ConcurrentHashMap<>();

    public boolean isRestoring(String storeName) {
        return restoring.containsKey(storeName);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.merge(storeName, 1, Integer::sum);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        finished(storeName);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        finished(storeName);
    }

    private void finished(String storeName) {
        restoring.computeIfPresent(storeName, (name, partitions) -> partitions == 1 ? null : partitions - 1);
    }
}
