package io.mistakeflow.recommender.topology;

import static io.mistakeflow.recommender.topology.RecommenderDriver.STUDENT;
import static io.mistakeflow.recommender.topology.RecommenderDriver.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.LifecycleFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cut-over's adoption (db/cutover/install.sql): the active recommendations the trigger-era
 * triggers wrote (captured rows with written_by = triggers) are taken in with their ids, so the
 * pipeline refreshes that very row when it takes the student over.
 */
class TriggerRecommendationAdoptionTest {

    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final String TRIGGER_ID = "0b7d8f2e-4c1a-4f7e-9d3b-2a6c5e8f1d40";

    @Test
    void theNextUpdateRefreshesTheTriggersActiveRowUnderItsId() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given: the triggers created a PANIC_RUSH recommendation at T0
            recommender.feedback(triggerRow(TRIGGER_ID, "PANIC_RUSH", true, "triggers"), T0.plusMillis(5));

            // when: the student's next mistake is the pipeline's
            Instant next = T0.plus(Duration.ofMinutes(3));
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, next, "6d000000-0000-4000-8000-000000000002");

            // then: RECOMMENDATION_UPDATED of the triggers' row; created_at kept, the rest refreshed
            Recommendation refreshed = recommender.recommendations.readValue();
            assertThat(refreshed.id()).isEqualTo(TRIGGER_ID);
            assertThat(refreshed.createdAt()).isEqualTo(T0);
            assertThat(refreshed.updatedAt()).isEqualTo(next);
            assertThat(refreshed.expiresAt()).isEqualTo(next.plus(Duration.ofHours(6)));
            assertThat(refreshed.sourceMistakeId()).isEqualTo("6d000000-0000-4000-8000-000000000002");
            assertThat(refreshed.priority()).isEqualTo(8);
            assertThat(recommender.events.readValuesToList()).extracting(UiReflexEvent::eventType, UiReflexEvent::recommendationId)
                    .containsExactly(tuple(EventType.RECOMMENDATION_UPDATED, TRIGGER_ID));
        }
    }

    @Test
    void aRowThePipelineWroteIsNotTakenIn() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given: a row stamped as the pipeline's (its own sink's write, captured)
            recommender.feedback(triggerRow(TRIGGER_ID, "PANIC_RUSH", true, "pipeline"), T0.plusMillis(5));

            // when
            recommender.update(TOPIC, PatternStatus.PANIC_RUSH, T0.plusSeconds(60), "m2");

            // then: none was active, so a new one is created under the pipeline's id
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType).containsExactly(EventType.RECOMMENDATION_CREATED);
            assertThat(events.get(0).recommendationId()).isNotEqualTo(TRIGGER_ID);
        }
    }

    @Test
    void anInactiveTriggerRowEndsItsKeysActiveRecommendationAndNothingIsWritten() {
        try (RecommenderDriver recommender = RecommenderDriver.start(LifecycleFlags.NONE)) {
            // given: adopted, then the triggers' row deactivated (e.g. by the trigger-era app)
            recommender.feedback(triggerRow(TRIGGER_ID, "STUCK_LOOP", true, "triggers"), T0.plusMillis(5));
            recommender.feedback(triggerRow(TRIGGER_ID, "STUCK_LOOP", false, "triggers"), T0.plusSeconds(30));

            // then: adoption writes nothing itself
            assertThat(recommender.recommendations.isEmpty()).isTrue();
            assertThat(recommender.events.isEmpty()).isTrue();

            // when
            recommender.update(TOPIC, PatternStatus.STUCK_LOOP, T0.plusSeconds(60), "m2");

            // then: a new one, under the pipeline's id
            List<UiReflexEvent> events = recommender.events.readValuesToList();
            assertThat(events).extracting(UiReflexEvent::eventType).containsExactly(EventType.RECOMMENDATION_CREATED);
            assertThat(events.get(0).recommendationId()).isNotEqualTo(TRIGGER_ID);
        }
    }

    /** A captured student_recommendations row as Debezium sends it: times in epoch microseconds, jsonb as text. */
    private static String triggerRow(String id, String type, boolean active, String writtenBy) {
        long created = T0.toEpochMilli() * 1_000;
        long expires = T0.plus(Duration.ofHours(type.equals("PANIC_RUSH") ? 6 : 24)).toEpochMilli() * 1_000;
        return "{\"id\":\"" + id + "\",\"student_id\":\"" + STUDENT + "\",\"global_topic_uid\":\"" + TOPIC + "\","
                + "\"recommendation_type\":\"" + type + "\",\"title\":\"t\",\"message\":\"m\","
                + "\"action_items\":\"[{\\\"action\\\": \\\"slow_down\\\", \\\"duration_sec\\\": 60, \\\"label\\\": \\\"x\\\"}]\","
                + "\"priority\":8,\"is_active\":" + active + ",\"is_shown\":false,\"shown_at\":null,\"is_dismissed\":false,"
                + "\"dismissed_at\":null,\"source_mistake_id\":\"6d000000-0000-4000-8000-000000000001\","
                + "\"created_at\":" + created + ",\"updated_at\":" + created + ",\"expires_at\":" + expires + ","
                + "\"written_by\":\"" + writtenBy + "\"}";
    }
}
