package io.mistakeflow.recommender.topology;

import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.streams.StoreSuppliers;
import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.recommender.template.TemplateCatalog;

/**
 * What the recommender topology is built with.
 *
 * @param stores RocksDB stores (production) or in-memory ones (simulation, tests)
 * @param catalog the recommendation texts of one language
 * @param flags the lifecycle features beyond the documented rules (all off: the rules exactly)
 * @param metrics where the processors count what they do
 */
public record RecommenderOptions(StoreSuppliers stores, TemplateCatalog catalog, LifecycleFlags flags,
                                 PipelineMetrics metrics) {

    /** In-memory stores, the default (Turkish) catalog, no lifecycle flag (the documented rules exactly), meters of their own. */
    public static RecommenderOptions inMemory() {
        return inMemory(LifecycleFlags.NONE);
    }

    public static RecommenderOptions inMemory(LifecycleFlags flags) {
        return new RecommenderOptions(StoreSuppliers.IN_MEMORY, TemplateCatalog.load(TemplateCatalog.DEFAULT_LANGUAGE),
                flags, PipelineMetrics.inMemory());
    }
}
