package io.mistakeflow.common.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoringStoresTest {

    private static final TopicPartition P0 = new TopicPartition("mistakeflow.public.analysis_presets", 0);
    private static final TopicPartition P1 = new TopicPartition("mistakeflow.public.analysis_presets", 1);

    @Test
    void aStoreIsRestoringFromTheStartToTheEndOfItsRestore() {
        // given
        RestoringStores stores = new RestoringStores();

        // when / then
        assertThat(stores.isRestoring("analyzer-presets")).isFalse();
        stores.onRestoreStart(P0, "analyzer-presets", 0, 3);
        assertThat(stores.isRestoring("analyzer-presets")).isTrue();
        assertThat(stores.isRestoring("analyzer-mistake-types")).isFalse();
        stores.onRestoreEnd(P0, "analyzer-presets", 3);
        assertThat(stores.isRestoring("analyzer-presets")).isFalse();
    }

    @Test
    void aStoreOfTwoPartitionsIsRestoringUntilBothAreDone() {
        // given
        RestoringStores stores = new RestoringStores();
        stores.onRestoreStart(P0, "analyzer-student-settings", 0, 3);
        stores.onRestoreStart(P1, "analyzer-student-settings", 0, 5);

        // when
        stores.onRestoreEnd(P0, "analyzer-student-settings", 3);

        // then
        assertThat(stores.isRestoring("analyzer-student-settings")).isTrue();
        stores.onRestoreSuspended(P1, "analyzer-student-settings", 2);
        assertThat(stores.isRestoring("analyzer-student-settings")).isFalse();
    }
}
