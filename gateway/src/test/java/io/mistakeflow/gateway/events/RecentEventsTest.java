package io.mistakeflow.gateway.events;

import static io.mistakeflow.gateway.events.Events.OTHER_STUDENT;
import static io.mistakeflow.gateway.events.Events.RECOMMENDATION;
import static io.mistakeflow.gateway.events.Events.STUDENT;
import static io.mistakeflow.gateway.events.Events.frame;
import static io.mistakeflow.gateway.events.Events.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private final RecentEvents recent = new RecentEvents(Duration.ofSeconds(30), 3);

    @Test
    void keepsEachStudentsEventsInArrivalOrder() {
        recent.add(frame(id(2), 2), 0);
        recent.add(frame(id(9), OTHER_STUDENT, 0), 0);
        recent.add(frame(id(1), 1), 0);

        assertThat(recent.of(STUDENT, 0)).extracting(EventFrame::id).containsExactly(id(2), id(1));
        assertThat(recent.of(OTHER_STUDENT, 0)).extracting(EventFrame::id).containsExactly(id(9));
    }

    @Test
    void forgetsEventsOlderThanTheWindow() {
        recent.add(frame(id(1), 1), 0);
        recent.add(frame(id(2), 2), 10_000);

        assertThat(recent.of(STUDENT, 30_000)).extracting(EventFrame::id).containsExactly(id(1), id(2));
        assertThat(recent.of(STUDENT, 30_001)).extracting(EventFrame::id).containsExactly(id(2));
        assertThat(recent.find(STUDENT, id(1), 30_001)).isEmpty();
        assertThat(recent.of(STUDENT, 40_001)).isEmpty();
        assertThat(recent.size()).isZero();
    }

    @Test
    void keepsAtMostMaxEventsTheNewest() {
        for (int i = 1; i <= 5; i++) {
            recent.add(frame(id(i), i), 0);
        }

        assertThat(recent.of(STUDENT, 0)).extracting(EventFrame::id).containsExactly(id(3), id(4), id(5));
        assertThat(recent.size()).isEqualTo(3);
    }

    @Test
    void findsAnEventOnlyForItsStudent() {
        recent.add(frame(id(1), 1), 0);

        assertThat(recent.find(STUDENT, id(1), 0)).map(EventFrame::id).contains(id(1));
        assertThat(recent.find(OTHER_STUDENT, id(1), 0)).isEmpty();
        assertThat(recent.mentionsRecommendation(STUDENT, RECOMMENDATION, 0)).isTrue();
        assertThat(recent.mentionsRecommendation(OTHER_STUDENT, RECOMMENDATION, 0)).isFalse();
    }

    @Test
    void aReEmittedEventStaysFindableWhenItsFirstCopyIsForgotten() {
        recent.add(frame(id(1), 1), 0);
        recent.add(frame(id(1), 1), 20_000);

        assertThat(recent.find(STUDENT, id(1), 40_000)).map(EventFrame::id).contains(id(1));
    }

    @Test
    void aZeroCapKeepsNothing() {
        RecentEvents none = new RecentEvents(Duration.ofSeconds(30), 0);
        none.add(frame(id(1), 1), 0);

        assertThat(none.of(STUDENT, 0)).isEmpty();
    }
}
