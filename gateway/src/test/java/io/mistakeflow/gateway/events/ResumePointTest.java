package io.mistakeflow.gateway.events;

import static io.mistakeflow.gateway.events.Events.event;
import static io.mistakeflow.gateway.events.Events.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumePointTest {

    private final ResumePoint point = new ResumePoint(Events.T0.plusSeconds(5), id(5));

    @Test
    void coversEarlierEventsItselfAndEqualTimesWithSmallerIds() {
        assertThat(point.covers(event(id(9), Events.STUDENT, 4))).isTrue();
        assertThat(point.covers(event(id(5), Events.STUDENT, 5))).isTrue();
        assertThat(point.covers(event(id(4), Events.STUDENT, 5))).isTrue();
    }

    @Test
    void doesNotCoverLaterEventsOrEqualTimesWithGreaterIds() {
        assertThat(point.covers(event(id(1), Events.STUDENT, 6))).isFalse();
        assertThat(point.covers(event(id(6), Events.STUDENT, 5))).isFalse();
    }

    @Test
    void idsCompareAsPostgresComparesUuidsNotAsJavaDoes() {
        // Java's UUID.compareTo is signed: 8... sorts before 0...; Postgres (and the text) put it after
        ResumePoint low = new ResumePoint(Events.T0, "00000000-0000-4000-8000-000000000000");

        assertThat(low.covers(event("80000000-0000-4000-8000-000000000000", Events.STUDENT, 0))).isFalse();
    }
}
