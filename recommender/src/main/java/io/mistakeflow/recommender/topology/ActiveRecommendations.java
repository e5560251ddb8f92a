package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.recommender.recommendation.RecommendationKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import io.mistakeflow.common.streams.StoreSuppliers;
import org.apache.kafka.streams.state.Stores;

/**
 * The active recommendations of a task, keyed by {@link RecommendationKey#encode()}; an inactive one
 * is deleted. With expiry on, an index keyed by (expires_at, key) is kept beside it so that the
 * sweep reads only what is due, in a range scan.
 */
final class ActiveRecommendations {

    private static final Serializer<String> PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, Recommendation> active;
    private final KeyValueStore<String, String> expiryIndex;

    private ActiveRecommendations(KeyValueStore<String, Recommendation> active,
            KeyValueStore<String, String> expiryIndex) {
        this.active = active;
        this.expiryIndex = expiryIndex;
    }

    static StoreBuilder<KeyValueStore<String, Recommendation>> storeBuilder(StoreSuppliers stores) {
        return Stores.keyValueStoreBuilder(stores.keyValue(RecommenderTopology.ACTIVE_RECOMMENDATIONS_STORE),
                Serdes.String(), Topics.RECOMMENDATIONS.valueSerde());
    }

    /**
     * A store of text values: the expiry index (key: expires_at as zero-padded epoch microseconds,
     * so text order is time order, then the recommendation key; value: the recommendation key) and
     * the last status of each (student, topic).
     */
    static StoreBuilder<KeyValueStore<String, String>> stringStore(StoreSuppliers stores, String name) {
        return Stores.keyValueStoreBuilder(stores.keyValue(name), Serdes.String(), Serdes.String());
    }

    /** {@code withExpiryIndex}: whether the expiry index is connected to the calling processor. */
    static ActiveRecommendations open(ProcessingContext context, boolean withExpiryIndex) {
        return new ActiveRecommendations(context.getStateStore(RecommenderTopology.ACTIVE_RECOMMENDATIONS_STORE),
                withExpiryIndex ? context.getStateStore(RecommenderTopology.EXPIRY_INDEX_STORE) : null);
    }

    Recommendation get(RecommendationKey key) {
        return active.get(key.encode());
    }

    /** Feedback names a recommendation by id only: look among its student's active ones. */
    Optional<Recommendation> byId(String studentId, String recommendationId) {
        try (KeyValueIterator<String, Recommendation> studentRows =
                     active.prefixScan(RecommendationKey.studentPrefix(studentId), PREFIX_SERIALIZER)) {
            while (studentRows.hasNext()) {
                Recommendation candidate = studentRows.next().value;
                if (candidate.id().equals(recommendationId)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Replaces {@code before} (the key's active one, or null) by {@code after} (null: none active). */
    void save(RecommendationKey key, Recommendation before, Recommendation after) {
        if (after == before) {
            return;
        }
        String encoded = key.encode();
        if (expiryIndex != null && before != null) {
            expiryIndex.delete(indexKey(before.expiresAt(), encoded));
        }
        if (after == null) {
            active.delete(encoded);
            return;
        }
        active.put(encoded, after);
        if (expiryIndex != null) {
            expiryIndex.put(indexKey(after.expiresAt(), encoded), encoded);
        }
    }

    /** The active recommendations whose expires_at is at or before {@code time}, soonest first. */
    List<Recommendation> dueAt(Instant time) {
        List<String> keys = new ArrayList<>();
        // collected first: the caller changes both stores, which an open iterator must not see
        String afterTime = timePrefix(EventTime.toEpochMicros(time) + 1);
        try (KeyValueIterator<String, String> due = expiryIndex.range(null, afterTime)) {
            due.forEachRemaining(entry -> keys.add(entry.value));
        }
        return keys.stream().map(active::get).toList();
    }

    private static String indexKey(Instant expiresAt, String encodedKey) {
        return timePrefix(EventTime.toEpochMicros(expiresAt)) + "|" + encodedKey;
    }

    /** Event times are after 1970, so the padded number sorts as text (ASCII digits whatever the locale). */
    private static String timePrefix(long epochMicros) {
        return String.format(Locale.ROOT, "%019d", epochMicros);
    }
}
