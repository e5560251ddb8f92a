package io.mistakeflow.recommender.topology;

import static io.mistakeflow.recommender.topology.RecommenderDriver.STUDENT;
import static io.mistakeflow.recommender.topology.RecommenderDriver.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.recommender.LifecycleFlags;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.recommendation.RecommenderIds;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternChangedEventTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final LifecycleFlags PATTERN_CHANGED = new LifecycleFlags(false, false, true);

    @Test
    void withPatternChangedOffAStatusChangeEmitsOnlyRecommendationEvents() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // when
            pipeChanges(recommender);

            // then
            assertThat(recommender.events.readValuesToList()).extracting(UiReflexEvent::eventType).containsExactly(
                    EventType.RECOMMENDATION_CREATED, EventType.RECOMMENDATION_UPDATED);
        }
    }

    @Test
    void withPatternChangedOnEveryChangeButTheFirstStatusIsAnnounced() {
        try (RecommenderDriver recommender = RecommenderDriver.start(PATTERN_CHANGED)) {
            // when: insufficient_data, insufficient_data, PANIC_RUSH, PANIC_RUSH, stable
            pipeChanges(recommender);

            // then
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType).containsExactly(
                    EventType.RECOMMENDATION_CREATED, EventType.PATTERN_CHANGED,
                    EventType.RECOMMENDATION_UPDATED,
                    EventType.PATTERN_CHANGED);

            UiReflexEvent toPanic = events.get(1);
            assertThat(toPanic).isEqualTo(new UiReflexEvent(
                    RecommenderIds.eventId("m3", EventType.PATTERN_CHANGED, "PANIC_RUSH"),
                    STUDENT, TOPIC, EventType.PATTERN_CHANGED,
                    "🔄 Çalışma Durumun Değişti", "Önceki durum: Yetersiz veri. Yeni durum: Acele modu.",
                    List.of(), 8, events.get(0).recommendationId(), "m3", false, null, T0.plusSeconds(2)));

            UiReflexEvent toStable = events.get(3);
            assertThat(toStable.message()).isEqualTo("Önceki durum: Acele modu. Yeni durum: Dengeli.");
            assertThat(toStable.recommendationId()).isNull();
            assertThat(toStable.priority()).isEqualTo(1);
            assertThat(toStable.sourceMistakeId()).isEqualTo("m5");
            assertThat(toStable.createdAt()).isEqualTo(T0.plusSeconds(4));
        }
    }

    @Test
    void statusesAreComparedPerTopic() {
        try (RecommenderDriver recommender = RecommenderDriver.start(PATTERN_CHANGED)) {
            // when two topics each get their first status
            recommender.update(TOPIC, PatternStatus.stable, T0, "m1");
            recommender.update("TR.FIZ.MEK.004", PatternStatus.insufficient_data, T0.plusSeconds(1), "m2");

            // then
            assertThat(recommender.events.isEmpty()).isTrue();
        }
    }

    private static void pipeChanges(RecommenderDriver recommender) {
        List<PatternStatus> statuses = List.of(PatternStatus.insufficient_data, PatternStatus.insufficient_data,
                PatternStatus.PANIC_RUSH, PatternStatus.PANIC_RUSH, PatternStatus.stable);
        for (int i = 0; i < statuses.size(); i++) {
            recommender.update(TOPIC, statuses.get(i), T0.plusSeconds(i), "m" + (i + 1));
        }
    }
}
