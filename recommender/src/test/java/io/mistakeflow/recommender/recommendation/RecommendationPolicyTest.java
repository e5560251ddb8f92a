package io.mistakeflow.recommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.RecommendationFeedback;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.template.Template;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecommendationPolicyTest {

    private static final TemplateCatalog TURKISH = TemplateCatalog.load("tr");
    private static final String STUDENT = "00000000-0000-4000-8000-000000000010";
    private static final String TOPIC = "TR.MAT.ALG.001";
    private static final Instant T0 = Instant.parse("2025-01-06T10:00:03Z");

    private final RecommendationPolicy spec = new RecommendationPolicy(false);
    private final RecommendationPolicy withExpiry = new RecommendationPolicy(true);

    @Test
    void aFirstPanicRushCreatesAnActiveRecommendationThatExpiresSixHoursLater() {
        // given no active recommendation
        PatternUpdate update = update(PatternStatus.PANIC_RUSH, T0, "m3");

        // when
        Outcome outcome = spec.onPatternUpdate(null, update, template(PatternStatus.PANIC_RUSH));

        // then
        Recommendation created = outcome.active();
        assertThat(created.id()).isEqualTo(RecommenderIds.recommendationId(RecommendationKey.of(update), "m3"));
        assertThat(created.studentId()).isEqualTo(STUDENT);
        assertThat(created.globalTopicUid()).isEqualTo(TOPIC);
        assertThat(created.recommendationType()).isEqualTo("PANIC_RUSH");
        assertThat(created.title()).isEqualTo("⏱️ Acele Modu Tespit Edildi");
        assertThat(created.message())
                .isEqualTo("Çok hızlı çözüm → basit hata riski. 60 sn yavaşlat ve mini kontrol uygula.");
        assertThat(created.priority()).isEqualTo(8);
        assertThat(created.isActive()).isTrue();
        assertThat(created.isShown()).isFalse();
        assertThat(created.isDismissed()).isFalse();
        assertThat(created.sourceMistakeId()).isEqualTo("m3");
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(created.updatedAt()).isEqualTo(T0);
        assertThat(created.expiresAt()).isEqualTo(Instant.parse("2025-01-06T16:00:03Z"));
        assertThat(outcome.rows()).containsExactly(created);

        UiReflexEvent event = outcome.events().get(0);
        assertThat(outcome.events()).hasSize(1);
        assertThat(event).isEqualTo(new UiReflexEvent(
                RecommenderIds.eventId("m3", EventType.RECOMMENDATION_CREATED, "PANIC_RUSH"),
                STUDENT, TOPIC, EventType.RECOMMENDATION_CREATED, created.title(), created.message(),
                created.actionItems(), 8, created.id(), "m3", false, null, T0));
    }

    @Test
    void anUpdateKeepsIdAndCreatedAtAndMovesEverythingElse() {
        // given an active PANIC_RUSH created at T0 by m3
        Recommendation active = spec.onPatternUpdate(null, update(PatternStatus.PANIC_RUSH, T0, "m3"),
                template(PatternStatus.PANIC_RUSH)).active();
        Instant later = T0.plusSeconds(2);

        // when the same status comes again, two seconds later, from m5
        Outcome outcome = spec.onPatternUpdate(active, update(PatternStatus.PANIC_RUSH, later, "m5"),
                template(PatternStatus.PANIC_RUSH));

        // then
        Recommendation updated = outcome.active();
        assertThat(updated.id()).isEqualTo(active.id());
        assertThat(updated.createdAt()).isEqualTo(T0);
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.expiresAt()).isEqualTo(Instant.parse("2025-01-06T16:00:05Z"));
        assertThat(updated.sourceMistakeId()).isEqualTo("m5");
        assertThat(updated.isActive()).isTrue();
        assertThat(outcome.rows()).containsExactly(updated);
        assertThat(outcome.events()).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.RECOMMENDATION_UPDATED);
            assertThat(event.id())
                    .isEqualTo(RecommenderIds.eventId("m5", EventType.RECOMMENDATION_UPDATED, "PANIC_RUSH"));
            assertThat(event.recommendationId()).isEqualTo(active.id());
            assertThat(event.sourceMistakeId()).isEqualTo("m5");
            assertThat(event.createdAt()).isEqualTo(later);
        });
    }

    @Test
    void anUpdateKeepsWhatTheFrontendOwns() {
        // given an active recommendation the frontend has shown
        Recommendation created = spec.onPatternUpdate(null, update(PatternStatus.STUCK_LOOP, T0, "m1"),
                template(PatternStatus.STUCK_LOOP)).active();
        Recommendation shown = spec.onFeedback(created, feedback(created, true, null, null), T0).active();

        // when
        Recommendation updated = spec.onPatternUpdate(shown, update(PatternStatus.STUCK_LOOP, T0.plusSeconds(60), "m2"),
                template(PatternStatus.STUCK_LOOP)).active();

        // then
        assertThat(updated.isShown()).isTrue();
        assertThat(updated.isDismissed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"stable", "insufficient_data"})
    void aStatusWithoutTemplateEmitsNothing(PatternStatus status) {
        // given
        assertThat(TURKISH.forStatus(status)).isEmpty();

        // when
        Outcome outcome = spec.onPatternUpdate(null, update(status, T0, "m1"), null);

        // then
        assertThat(outcome).isEqualTo(new Outcome(null, List.of(), List.of()));
    }

    @ParameterizedTest
    @CsvSource({
            "PANIC_RUSH, 8, 6",
            "STUCK_LOOP, 9, 24",
            "STUCK_SLOW, 7, 24",
            "worsening,  7, 24",
            "improving,  4, 24"})
    void everyTemplateHasItsPriorityAndLifetime(PatternStatus status, int priority, int lifetimeHours) {
        // when
        Recommendation created = spec.onPatternUpdate(null, update(status, T0, "m1"), template(status)).active();

        // then
        assertThat(created.recommendationType()).isEqualTo(status.name());
        assertThat(created.priority()).isEqualTo(priority);
        assertThat(Duration.between(created.createdAt(), created.expiresAt()))
                .isEqualTo(Duration.ofHours(lifetimeHours));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PANIC_RUSH | [{\"action\":\"slow_down\",\"duration_sec\":60,\"label\":\"60 saniye nefes al\"},"
                    + "{\"action\":\"recheck_steps\",\"count\":2,\"label\":\"2 adımı kontrol et\"},"
                    + "{\"action\":\"micro_break\",\"duration_sec\":45,\"label\":\"45 saniye ara ver\"}]",
            "STUCK_LOOP | [{\"action\":\"hint\",\"level\":1,\"label\":\"1 ipucu al\"},"
                    + "{\"action\":\"micro_review\",\"duration_min\":6,\"label\":\"6 dakika tekrar\"},"
                    + "{\"action\":\"retry\",\"count\":1,\"label\":\"Tekrar dene\"}]",
            "STUCK_SLOW | [{\"action\":\"split_solution\",\"steps\":3,\"label\":\"Çözümü 3 adıma böl\"},"
                    + "{\"action\":\"time_box\",\"duration_sec\":90,\"label\":\"Her adım için 90 sn\"},"
                    + "{\"action\":\"retry\",\"count\":1,\"label\":\"Yeniden dene\"}]",
            "worsening | [{\"action\":\"prereq_check\",\"mode\":\"light\",\"label\":\"Öncül konuları kontrol et\"},"
                    + "{\"action\":\"easy_set\",\"count\":6,\"label\":\"6 kolay soru çöz\"},"
                    + "{\"action\":\"review\",\"duration_min\":8,\"label\":\"8 dakika tekrar\"}]",
            "improving | [{\"action\":\"review\",\"duration_min\":5,\"label\":\"5 dakika hızlı tekrar\"},"
                    + "{\"action\":\"normal_set\",\"count\":8,\"label\":\"8 normal soru\"}]"})
    void actionItemsAreWrittenInTheSpecOrder(PatternStatus status, String json) throws Exception {
        // when
        Outcome outcome = spec.onPatternUpdate(null, update(status, T0, "m1"), template(status));

        // then
        assertThat(Json.MAPPER.writeValueAsString(outcome.active().actionItems())).isEqualTo(json);
        assertThat(Json.MAPPER.writeValueAsString(outcome.events().get(0).actionItems())).isEqualTo(json);
    }

    @Test
    void idsAreVersionFiveAndDependOnlyOnTheirInputs() {
        // given two updates alike in all but the analysed mistake
        PatternUpdate first = update(PatternStatus.improving, T0, "m1");
        PatternUpdate other = update(PatternStatus.improving, T0, "m2");

        // when
        Outcome once = spec.onPatternUpdate(null, first, template(PatternStatus.improving));
        Outcome again = spec.onPatternUpdate(null, first, template(PatternStatus.improving));
        Outcome fromOther = spec.onPatternUpdate(null, other, template(PatternStatus.improving));

        // then
        assertThat(again).isEqualTo(once);
        assertThat(UUID.fromString(once.active().id()).version()).isEqualTo(5);
        assertThat(UUID.fromString(once.events().get(0).id()).version()).isEqualTo(5);
        assertThat(fromOther.active().id()).isNotEqualTo(once.active().id());
        assertThat(fromOther.events().get(0).id()).isNotEqualTo(once.events().get(0).id());
    }

    @Test
    void withoutExpiryAnUpdateAfterExpiresAtStillRefreshesTheSameRecommendation() {
        // given a PANIC_RUSH that expired at T0 + 6 h
        Recommendation active = spec.onPatternUpdate(null, update(PatternStatus.PANIC_RUSH, T0, "m1"),
                template(PatternStatus.PANIC_RUSH)).active();

        // when the next one comes a day later
        PatternUpdate dayLater = update(PatternStatus.PANIC_RUSH, T0.plus(Duration.ofDays(1)), "m2");
        Outcome outcome = spec.onPatternUpdate(active, dayLater, template(PatternStatus.PANIC_RUSH));

        // then
        assertThat(outcome.active().id()).isEqualTo(active.id());
        assertThat(outcome.events()).extracting(UiReflexEvent::eventType)
                .containsExactly(EventType.RECOMMENDATION_UPDATED);
    }

    @Test
    void withExpiryAnUpdateAtExpiresAtEndsTheOldRecommendationAndCreatesANewOne() {
        // given a PANIC_RUSH that expires at T0 + 6 h
        Recommendation active = withExpiry.onPatternUpdate(null, update(PatternStatus.PANIC_RUSH, T0, "m1"),
                template(PatternStatus.PANIC_RUSH)).active();
        Instant expiresAt = Instant.parse("2025-01-06T16:00:03Z");

        // when the next PANIC_RUSH comes exactly then
        Outcome outcome = withExpiry.onPatternUpdate(active, update(PatternStatus.PANIC_RUSH, expiresAt, "m2"),
                template(PatternStatus.PANIC_RUSH));

        // then
        Recommendation expired = outcome.rows().get(0);
        assertThat(expired.id()).isEqualTo(active.id());
        assertThat(expired.isActive()).isFalse();
        assertThat(expired.updatedAt()).isEqualTo(expiresAt);
        Recommendation created = outcome.rows().get(1);
        assertThat(created.id()).isNotEqualTo(active.id());
        assertThat(created.createdAt()).isEqualTo(expiresAt);
        assertThat(outcome.active()).isEqualTo(created);
        assertThat(outcome.events()).extracting(UiReflexEvent::eventType)
                .containsExactly(EventType.RECOMMENDATION_EXPIRED, EventType.RECOMMENDATION_CREATED);
        UiReflexEvent expiredEvent = outcome.events().get(0);
        assertThat(expiredEvent.id())
                .isEqualTo(RecommenderIds.lifecycleEventId(active.id(), EventType.RECOMMENDATION_EXPIRED));
        assertThat(expiredEvent.recommendationId()).isEqualTo(active.id());
        assertThat(expiredEvent.createdAt()).isEqualTo(expiresAt);
    }

    @Test
    void withExpiryAnUpdateBeforeExpiresAtRefreshes() {
        // given
        Recommendation active = withExpiry.onPatternUpdate(null, update(PatternStatus.PANIC_RUSH, T0, "m1"),
                template(PatternStatus.PANIC_RUSH)).active();

        // when one microsecond before expires_at
        Outcome outcome = withExpiry.onPatternUpdate(active,
                update(PatternStatus.PANIC_RUSH, Instant.parse("2025-01-06T16:00:02.999999Z"), "m2"),
                template(PatternStatus.PANIC_RUSH));

        // then
        assertThat(outcome.active().id()).isEqualTo(active.id());
        assertThat(outcome.events()).extracting(UiReflexEvent::eventType)
                .containsExactly(EventType.RECOMMENDATION_UPDATED);
    }

    @Test
    void aDismissalEndsTheRecommendationAtDismissedAt() {
        // given
        Recommendation active = spec.onPatternUpdate(null, update(PatternStatus.worsening, T0, "m1"),
                template(PatternStatus.worsening)).active();
        Instant dismissedAt = T0.plusSeconds(30);

        // when
        Outcome outcome = spec.onFeedback(active, feedback(active, null, true, dismissedAt), T0.plusSeconds(31));

        // then
        assertThat(outcome.active()).isNull();
        Recommendation dismissed = outcome.rows().get(0);
        assertThat(dismissed.id()).isEqualTo(active.id());
        assertThat(dismissed.isActive()).isFalse();
        assertThat(dismissed.isDismissed()).isTrue();
        assertThat(dismissed.updatedAt()).isEqualTo(dismissedAt);
        assertThat(dismissed.createdAt()).isEqualTo(T0);
        assertThat(outcome.events()).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.RECOMMENDATION_DISMISSED);
            assertThat(event.id())
                    .isEqualTo(RecommenderIds.lifecycleEventId(active.id(), EventType.RECOMMENDATION_DISMISSED));
            assertThat(event.createdAt()).isEqualTo(dismissedAt);
            assertThat(event.priority()).isEqualTo(7);
        });
    }

    @Test
    void aDismissalWithoutDismissedAtHappensWhenTheDatabaseCommittedIt() {
        // given
        Recommendation active = spec.onPatternUpdate(null, update(PatternStatus.worsening, T0, "m1"),
                template(PatternStatus.worsening)).active();
        Instant committedAt = T0.plusSeconds(31);

        // when
        Outcome outcome = spec.onFeedback(active, feedback(active, null, true, null), committedAt);

        // then
        assertThat(outcome.rows().get(0).updatedAt()).isEqualTo(committedAt);
        assertThat(outcome.events().get(0).createdAt()).isEqualTo(committedAt);
    }

    @Test
    void aShowingIsRememberedWithoutPublishingAnything() {
        // given
        Recommendation active = spec.onPatternUpdate(null, update(PatternStatus.improving, T0, "m1"),
                template(PatternStatus.improving)).active();

        // when
        Outcome outcome = spec.onFeedback(active, feedback(active, true, false, null), T0.plusSeconds(5));

        // then
        assertThat(outcome.active().isShown()).isTrue();
        assertThat(outcome.active().isActive()).isTrue();
        assertThat(outcome.active().updatedAt()).isEqualTo(T0);
        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void feedbackThatChangesNothingKeepsTheSameRecommendation() {
        // given
        Recommendation active = spec.onPatternUpdate(null, update(PatternStatus.improving, T0, "m1"),
                template(PatternStatus.improving)).active();

        // when the pipeline's own row comes back through change capture
        Outcome outcome = spec.onFeedback(active, feedback(active, false, false, null), T0.plusSeconds(1));

        // then
        assertThat(outcome.active()).isSameAs(active);
        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.events()).isEmpty();
    }

    private static PatternUpdate update(PatternStatus status, Instant at, String mistakeId) {
        return new PatternUpdate(STUDENT, TOPIC, status, at, mistakeId, mistakeId);
    }

    private static Template template(PatternStatus status) {
        return TURKISH.forStatus(status).orElseThrow();
    }

    private static RecommendationFeedback feedback(Recommendation recommendation, Boolean shown, Boolean dismissed,
            Instant dismissedAt) {
        return new RecommendationFeedback(recommendation.id(), recommendation.studentId(), shown, null, dismissed,
                dismissedAt);
    }
}
