package io.mistakeflow.recommender.patternchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.analysis.PatternUpdate;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.recommender.recommendation.RecommendationPolicy;
import io.mistakeflow.recommender.template.TemplateCatalog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternChangeRuleTest {

    private static final TemplateCatalog ENGLISH = TemplateCatalog.load("en");
    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");

    @Test
    void theFirstStatusOfATopicIsNoChange() {
        assertThat(PatternChangeRule.event(null, update(PatternStatus.STUCK_LOOP, "m1"), null,
                ENGLISH.patternChanged())).isEmpty();
    }

    @Test
    void theSameStatusAgainIsNoChange() {
        assertThat(PatternChangeRule.event(PatternStatus.stable, update(PatternStatus.stable, "m2"), null,
                ENGLISH.patternChanged())).isEmpty();
    }

    @Test
    void aChangeToARecommendingStatusPointsToItsActiveRecommendation() {
        // given the STUCK_LOOP recommendation this update created
        PatternUpdate update = update(PatternStatus.STUCK_LOOP, "m3");
        Recommendation active = new RecommendationPolicy(false)
                .onPatternUpdate(null, update, ENGLISH.forStatus(PatternStatus.STUCK_LOOP).orElseThrow()).active();

        // when
        UiReflexEvent event = PatternChangeRule.event(PatternStatus.improving, update, active, ENGLISH.patternChanged())
                .orElseThrow();

        // then
        assertThat(event.eventType()).isEqualTo(EventType.PATTERN_CHANGED);
        assertThat(event.title()).isEqualTo("🔄 Your Study Pattern Changed");
        assertThat(event.message()).isEqualTo("Previous status: Improving. New status: Stuck loop.");
        assertThat(event.recommendationId()).isEqualTo(active.id());
        assertThat(event.priority()).isEqualTo(9);
        assertThat(event.actionItems()).isEmpty();
        assertThat(event.sourceMistakeId()).isEqualTo("m3");
        assertThat(event.createdAt()).isEqualTo(T0);
    }

    @Test
    void aChangeToAStatusThatRecommendsNothingIsInformational() {
        // when
        UiReflexEvent event = PatternChangeRule.event(PatternStatus.worsening, update(PatternStatus.stable, "m4"), null,
                ENGLISH.patternChanged()).orElseThrow();

        // then
        assertThat(event.message()).isEqualTo("Previous status: Getting worse. New status: Stable.");
        assertThat(event.recommendationId()).isNull();
        assertThat(event.priority()).isEqualTo(PatternChangeRule.INFORMATIONAL_PRIORITY).isEqualTo(1);
        assertThat(event.actionItems()).isEqualTo(List.of());
    }

    private static PatternUpdate update(PatternStatus status, String mistakeId) {
        return new PatternUpdate("00000000-0000-4000-8000-000000000010", "TR.MAT.ALG.001", status, T0, mistakeId,
                mistakeId);
    }
}
